import { expect } from 'chai';
import { charBigrams } from './char-ngrams.js';

describe('charBigrams', () => {
  const cases: Array<[string, string[]]> = [
    ['play', ['<p', 'pl', 'la', 'ay', 'y>']],
    ['a', ['<a', 'a>']],
    ['', []],
    ['時間', ['<時', '時間', '間>']],
    ['मुझे', ['<म', 'मु', 'ुझ', 'झे', 'े>']],
    ['🎵x', ['<🎵', '🎵x', 'x>']],
  ];
  for (const [word, bigrams] of cases) {
    it(`${JSON.stringify(word)} → ${bigrams.join(' ') || '(none)'}`, () => expect(charBigrams(word)).to.deep.equal(bigrams));
  }
});
