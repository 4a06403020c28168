import { expect } from 'chai';
import { bioRename, indexMap } from './index-map.js';

describe('indexMap', () => {
  it('maps each target entry to its source index, −1 where the source lacks it, and counts matches', () => {
    const map = indexMap('words', ['<pad>', '<unk>', 'play', 'music'], ['<pad>', '<unk>', 'musica', 'play']);
    expect([...map.sourceOfTarget]).to.deep.equal([0, 1, -1, 2]);
    expect(map).to.deep.include({ space: 'words', matched: 3, targetSize: 4 });
  });

  it('renames source labels through a map first (identity by default)', () => {
    const map = indexMap(
      'tags',
      ['O', 'B-person', 'I-person', 'B-location'],
      ['O', 'B-人名', 'I-人名', 'B-地名'],
      bioRename({ person: '人名', location: '地名' }),
    );
    expect([...map.sourceOfTarget]).to.deep.equal([0, 1, 2, 3]);
  });

  it('maps but does not count the uncounted labels, so sharing only them is an empty match', () => {
    const map = indexMap('words', ['<pad>', '<unk>', 'play'], ['<pad>', '<unk>', 'play'], undefined, { uncounted: ['<pad>', '<unk>'] });
    expect([...map.sourceOfTarget]).to.deep.equal([0, 1, 2]);
    expect(map.matched).to.equal(1);
    expect(() =>
      indexMap('words', ['<pad>', '<unk>', 'play'], ['<pad>', '<unk>', '再生'], undefined, { uncounted: ['<pad>', '<unk>'] }),
    ).to.throw(/no words in common/);
  });

  it('throws on an empty match, listing both sides', () => {
    expect(() => indexMap('intents', ['a', 'b'], ['c'])).to.throw(
      /no intents in common between the source \("a", "b"\) and the target \("c"\)/,
    );
  });
});

describe('bioRename', () => {
  it('renames the type of B- and I- tags, leaving O and unmapped types', () => {
    const rename = bioRename({ person: '人名' });
    expect(['O', 'B-person', 'I-person', 'B-date'].map(rename)).to.deep.equal(['O', 'B-人名', 'I-人名', 'B-date']);
  });
});
