import { expect } from 'chai';
import { charBigrams, charNgrams, fnv1a, hashedNgramIds } from './char-ngrams.js';

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

describe('charNgrams and hashed n-gram features (fastText style)', () => {
  it('marks word boundaries and counts code points', () => {
    expect(charNgrams('play', 3, 4)).to.deep.equal(['<pl', 'pla', 'lay', 'ay>', '<pla', 'play', 'lay>']);
    expect(charNgrams('🎵x', 3, 3)).to.deep.equal(['<🎵x', '🎵x>']);
    expect(charNgrams('', 3, 5)).to.deep.equal([]);
  });

  it('FNV-1a matches its published test vectors', () => {
    expect(fnv1a('')).to.equal(0x811c9dc5);
    expect(fnv1a('a')).to.equal(0xe40c292c);
    expect(fnv1a('foobar')).to.equal(0xbf9cf968);
  });

  it('hashes words, word bigrams and char n-grams into 1..buckets, the same for the same words', () => {
    const ids = hashedNgramIds(['set', 'alarm'], 1000, { min: 3, max: 3 });
    // set: w, 3 trigrams (<se set et>); alarm: w, bigram, 5 trigrams (<al ala lar arm rm>)
    expect(ids.length).to.equal(1 + 3 + 1 + 1 + 5);
    expect([...ids].every((id) => id >= 1 && id <= 1000)).to.equal(true);
    expect(hashedNgramIds(['set', 'alarm'], 1000, { min: 3, max: 3 })).to.deep.equal(ids);
    expect(hashedNgramIds(['alarm', 'set'], 1000, { min: 3, max: 3 })).to.not.deep.equal(ids);
  });
});
