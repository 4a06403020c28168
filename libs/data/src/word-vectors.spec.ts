import { expect } from 'chai';
import { readWordVectors } from './word-vectors.js';
import { tempFile } from './testing/temp-file.js';

describe('readWordVectors (fastText .vec)', () => {
  const file = () => tempFile('small.vec', '3 4\nplay 0.1 0.2 0.3 0.4\nmusic -1 0 1 2.5\nrome 1e-3 2 3 4\n');

  it('reads the header and every vector', async () => {
    const { dimension, vectors } = await readWordVectors(file());
    expect(dimension).to.equal(4);
    expect([...vectors.keys()]).to.deep.equal(['play', 'music', 'rome']);
    expect(Array.from(vectors.get('music')!)).to.deep.equal([-1, 0, 1, 2.5]);
  });

  it('keeps only the words asked for', async () => {
    const { vectors } = await readWordVectors(file(), new Set(['rome', 'absent']));
    expect([...vectors.keys()]).to.deep.equal(['rome']);
  });

  const invalid: Array<[string, string, RegExp]> = [
    ['a missing header', 'play 0.1 0.2\n', /bad\.vec:1: expected the header "<count> <dimension>", found "play 0\.1 0\.2"/],
    ['a short row', '2 3\nplay 1 2 3\nmusic 1 2\n', /bad\.vec:3: expected a word and 3 numbers, found 2 numbers/],
    ['a value that is not a number', '1 2\nplay 1 x\n', /bad\.vec:2 \(record play\): value 2 is not a number: "x"/],
    ['a wrong count', '3 2\nplay 1 2\n', /bad\.vec: the header declares 3 vectors but the file has 1/],
    ['an empty file', '', /bad\.vec: empty file/],
  ];
  for (const [what, content, message] of invalid) {
    it(`rejects ${what}`, async () => {
      let error: unknown;
      await readWordVectors(tempFile('bad.vec', content)).catch((caught: unknown) => (error = caught));
      expect(String(error)).to.match(message);
    });
  }
});
