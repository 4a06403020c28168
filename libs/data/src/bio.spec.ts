import { expect } from 'chai';
import { bioTags } from './bio.js';

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
