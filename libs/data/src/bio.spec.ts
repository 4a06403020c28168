import { expect } from 'chai';
import { bioTags, splitAtSpanBoundaries } from './bio.js';

const tokens = (...spans: Array<[number, number]>) => spans.map(([start, end]) => ({ text: 'x'.repeat(end - start), start, end }));

describe('bioTags', () => {
  // "wake me up at five am" → tokens at [0,4) [5,7) [8,10) [11,13) [14,18) [19,21)
  const words = tokens([0, 4], [5, 7], [8, 10], [11, 13], [14, 18], [19, 21]);

  it('tags the tokens a span covers with B- then I-', () => {
    expect(bioTags(words, [{ type: 'time', start: 14, end: 21 }])).to.deep.equal({
      tags: ['O', 'O', 'O', 'O', 'B-time', 'I-time'],
      misaligned: [],
    });
  });

  it('reports a span that ends inside a token, and still tags the tokens it overlaps', () => {
    // 十秒間 is one token [0,3); the slot 十秒 is [0,2)
    const span = { type: 'time', start: 0, end: 2 };
    expect(bioTags(tokens([0, 3], [3, 6]), [span])).to.deep.equal({ tags: ['B-time', 'O'], misaligned: [span] });
  });

  it('reports a span that starts inside a token', () => {
    const span = { type: 'artist_name', start: 2, end: 5 };
    expect(bioTags(tokens([0, 5]), [span]).misaligned).to.deep.equal([span]);
  });

  it('reports overlapping spans instead of overwriting tags', () => {
    const first = { type: 'a', start: 0, end: 7 };
    const second = { type: 'b', start: 5, end: 7 };
    expect(bioTags(words, [first, second])).to.deep.equal({ tags: ['B-a', 'I-a', 'O', 'O', 'O', 'O'], misaligned: [second] });
  });

  it('reports a span that covers no token', () => {
    const span = { type: 'a', start: 4, end: 5 };
    expect(bioTags(words, [span]).misaligned).to.deep.equal([span]);
  });
});

describe('splitAtSpanBoundaries (training records whose annotation cuts tokens)', () => {
  const token = (text: string, start: number) => ({ text, start, end: start + text.length });
  it('splits a token at a span boundary inside it and tags the pieces', () => {
    // 今週の天気 with 今 [time : 週]
    const record = {
      text: '今週の天気',
      tokens: [token('今週', 0), token('の', 2), token('天気', 3)],
      tags: ['B-time', 'O', 'O'],
      slots: [{ type: 'time', start: 1, end: 2 }],
    };
    const split = splitAtSpanBoundaries(record);
    expect(split.tokens.map((t) => t.text)).to.deep.equal(['今', '週', 'の', '天気']);
    expect(split.tags).to.deep.equal(['O', 'B-time', 'O', 'O']);
    expect(bioTags(split.tokens, split.slots).misaligned).to.deep.equal([]);
  });

  it('leaves a record whose spans fall on token boundaries as it is', () => {
    const record = {
      text: 'wake me',
      tokens: [token('wake', 0), token('me', 5)],
      tags: ['O', 'B-person'],
      slots: [{ type: 'person', start: 5, end: 7 }],
    };
    expect(splitAtSpanBoundaries(record)).to.equal(record);
  });
});
