import { expect } from 'chai';
import { bioSpanScores, spanScores } from './span-f1.js';

describe('span F1', () => {
  it('scores the conlleval case set by hand', () => {
    const gold = [
      ['B-PER', 'I-PER', 'O', 'B-LOC'], // PER[0,2) LOC[3,4)
      ['B-ORG', 'I-ORG', 'I-ORG'], // ORG[0,3)
      ['O', 'B-PER', 'O'], // PER[1,2)
      ['O', 'O'], // nothing
    ];
    const predicted = [
      ['B-PER', 'I-PER', 'O', 'B-ORG'], // PER[0,2) ✓, ORG[3,4) ✗ (wrong type)
      ['B-ORG', 'I-ORG', 'O'], // ORG[0,2) ✗ (wrong end)
      ['O', 'I-PER', 'O'], // PER[1,2) ✓ (I- after O starts a chunk)
      ['B-LOC', 'O'], // LOC[0,1) ✗ (spurious)
    ];
    // gold spans 4, predicted 5, correct 2 → P = 2/5 = 0.4, R = 2/4 = 0.5, F1 = 2·0.4·0.5/0.9 = 0.4444…
    const scores = bioSpanScores(gold, predicted);
    expect(scores.precision).to.equal(0.4);
    expect(scores.recall).to.equal(0.5);
    expect(scores.f1).to.be.closeTo(4 / 9, 1e-12);
    // per type: PER 2/2 correct of 2 gold → P=R=F=1; LOC 0 of 1 gold, 1 predicted → 0;
    // ORG 0 correct, 1 gold, 2 predicted → 0.
    expect(scores.perType['PER']).to.include({ precision: 1, recall: 1, f1: 1, support: 2, predicted: 2 });
    expect(scores.perType['LOC']).to.include({ precision: 0, recall: 0, f1: 0, support: 1, predicted: 1 });
    expect(scores.perType['ORG']).to.include({ precision: 0, recall: 0, f1: 0, support: 1, predicted: 2 });
    expect(Object.keys(scores.perType)).to.deep.equal(['LOC', 'ORG', 'PER']);
  });

  it('is perfect on identical input and 0 with no predictions', () => {
    const tags = [['B-date', 'I-date', 'O', 'B-time']];
    expect(bioSpanScores(tags, tags).f1).to.equal(1);
    expect(bioSpanScores(tags, [['O', 'O', 'O', 'O']])).to.include({ precision: 0, recall: 0, f1: 0 });
  });

  it('works on character spans too (e.g. Japanese scored on text offsets)', () => {
    const scores = spanScores(
      [[{ type: 'date', start: 0, end: 3 }]],
      [
        [
          { type: 'date', start: 0, end: 3 },
          { type: 'time', start: 4, end: 8 },
        ],
      ],
    );
    // 1 correct of 2 predicted and 1 gold → P 0.5, R 1, F1 2/3
    expect(scores.f1).to.be.closeTo(2 / 3, 1e-12);
  });

  it('rejects mismatched lengths naming the item', () => {
    expect(() => bioSpanScores([['O']], [])).to.throw(/gold has 1 items but predictions have 0/);
    expect(() => bioSpanScores([['O', 'O']], [['O']])).to.throw(/item 0 has 2 gold tags but 1 predicted tags/);
  });
});
