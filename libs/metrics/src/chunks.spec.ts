import { expect } from 'chai';
import { bioChunks } from './chunks.js';

// conlleval's chunk rules, worked out by hand: [tags] → chunks as type[start,end).
const cases: Array<[string, string[], string[]]> = [
  ['plain B-I chunk', ['B-PER', 'I-PER', 'O'], ['PER[0,2)']],
  ['I- at the start opens a chunk', ['I-PER', 'I-PER', 'O'], ['PER[0,2)']],
  ['I- after O opens a chunk', ['O', 'I-LOC', 'I-LOC'], ['LOC[1,3)']],
  ['I- of another type opens a new chunk', ['B-PER', 'I-LOC'], ['PER[0,1)', 'LOC[1,2)']],
  ['B- after B- of the same type: two chunks', ['B-PER', 'B-PER'], ['PER[0,1)', 'PER[1,2)']],
  ['I- after O after B-: separate chunk', ['B-PER', 'O', 'I-PER'], ['PER[0,1)', 'PER[2,3)']],
  ['chunk running to the end', ['O', 'B-date', 'I-date'], ['date[1,3)']],
  ['types with hyphens and underscores', ['B-creative-work', 'I-creative-work', 'B-place_name'], ['creative-work[0,2)', 'place_name[2,3)']],
  ['all O', ['O', 'O'], []],
  ['empty', [], []],
];

describe('bioChunks (conlleval semantics)', () => {
  for (const [name, tags, expected] of cases) {
    it(`${name}: ${tags.join(' ') || '(none)'}`, () => {
      expect(bioChunks(tags).map((c) => `${c.type}[${c.start},${c.end})`)).to.deep.equal(expected);
    });
  }

  it('rejects a malformed tag naming its position', () => {
    expect(() => bioChunks(['O', 'PER'])).to.throw(/tag "PER" at position 1 is not O, B-<type> or I-<type>/);
    expect(() => bioChunks(['B-'])).to.throw(/position 0/);
  });
});
