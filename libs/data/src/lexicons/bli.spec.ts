import { expect } from 'chai';
import { bliPrecisionAt1, holdOut, withoutTranslations } from './bli.js';

const v = (...xs: number[]) => Float32Array.from(xs);

describe('bilingual lexicon induction (held-out dictionary pairs)', () => {
  it('holds out a seeded share of the words, the same for the same words in any order', () => {
    const words = Array.from({ length: 1000 }, (_, i) => `w${i}`);
    const a = holdOut(words, 0.2, 0);
    expect(a.size).to.be.within(160, 240);
    expect([...holdOut([...words].reverse(), 0.2, 0)].sort()).to.deep.equal([...a].sort());
    expect(holdOut(words, 0.2, 1)).to.not.deep.equal(a);
    expect(() => holdOut(words, 1, 0)).to.throw(/share must be in \(0, 1\)/);
  });

  it('removes withheld words from the translations, and entries left with none', () => {
    const lexicon = new Map([
      ['dog', ['perro', 'Can']],
      ['cat', ['gato']],
    ]);
    expect(withoutTranslations(lexicon, new Set(['can', 'gato']))).to.deep.equal(new Map([['dog', ['perro']]]));
  });

  it('scores the nearest English word by cosine against the gold translations, over the words with a vector', () => {
    const english = new Map([
      ['dog', v(1, 0)],
      ['cat', v(0, 1)],
      ['car', v(-1, 0)],
    ]);
    const space = new Map([...english, ['perro', v(0.9, 0.1)], ['gato', v(2, 0.1)]]); // gato lands near dog: wrong
    const gold = new Map([
      ['perro', ['dog']],
      ['gato', ['cat']],
      ['coche', ['car']], // no vector
    ]);
    expect(bliPrecisionAt1(space, english, gold)).to.deep.equal({
      heldOut: 3,
      withVector: 2,
      correct: 1,
      precisionAt1: 0.5,
      coverage: 2 / 3,
    });
  });
});
