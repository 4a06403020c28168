import { expect } from 'chai';
import { PAD, UNK, Vocabulary } from './vocabulary.js';

describe('Vocabulary', () => {
  const corpus = ['play', 'music', 'play', 'jazz', 'play', 'music', 'rare'];

  it('puts PAD at 0 and UNK at 1, then tokens by count and code point', () => {
    const vocabulary = Vocabulary.build(corpus);
    expect(vocabulary.toJSON().tokens).to.deep.equal([PAD, UNK, 'play', 'music', 'jazz', 'rare']);
    expect(vocabulary.encode(['play', 'jazz', 'unseen'])).to.deep.equal([2, 4, 1]);
    expect(vocabulary.tokenAt(0)).to.equal(PAD);
  });

  it('maps tokens below minCount to UNK and respects maxSize', () => {
    const vocabulary = Vocabulary.build(corpus, { minCount: 2 });
    expect(vocabulary.size).to.equal(4);
    expect(vocabulary.indexOf('jazz')).to.equal(Vocabulary.UNK_INDEX);
    expect(Vocabulary.build(corpus, { maxSize: 3 }).toJSON().tokens).to.deep.equal([PAD, UNK, 'play']);
  });

  it('round-trips through JSON', () => {
    const vocabulary = Vocabulary.build(corpus, { minCount: 2 });
    const restored = Vocabulary.fromJSON(JSON.parse(JSON.stringify(vocabulary)));
    expect(restored.toJSON()).to.deep.equal(vocabulary.toJSON());
    expect(restored.encode(['music', 'rare'])).to.deep.equal([3, 1]);
  });

  it('rejects malformed JSON and bad options with a clear message', () => {
    expect(() => Vocabulary.fromJSON({ format: 'other' }, 'model/meta.json')).to.throw(
      /model\/meta\.json: expected format "xlnlu\.vocabulary\/1"/,
    );
    expect(() => Vocabulary.fromJSON({ format: 'xlnlu.vocabulary/1', minCount: 1, tokens: ['a'] })).to.throw(
      /starting with "<pad>", "<unk>"/,
    );
    expect(() => Vocabulary.fromJSON({ format: 'xlnlu.vocabulary/1', minCount: 1, tokens: [PAD, UNK, 'a', 'a'] })).to.throw(/duplicates/);
    expect(() => Vocabulary.build(corpus, { minCount: 0 })).to.throw(/minCount must be an integer ≥ 1/);
    expect(() => Vocabulary.build(corpus).tokenAt(99)).to.throw(RangeError);
  });
});
