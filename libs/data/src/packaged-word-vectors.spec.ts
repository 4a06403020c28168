import { expect } from 'chai';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolveWordVectorsFile } from './packaged-word-vectors.js';
import { readWordVectors } from './word-vectors.js';

/** A project directory whose node_modules holds a wink-style vectors package. */
function projectWithPackage(name: string, embeddings: unknown): { resolveFrom: string; cacheDirectory: string } {
  const project = mkdtempSync(path.join(tmpdir(), 'xlnlu-vectors-'));
  const packageDirectory = path.join(project, 'node_modules', name);
  mkdirSync(packageDirectory, { recursive: true });
  writeFileSync(path.join(packageDirectory, 'package.json'), JSON.stringify({ name, version: '1.2.3', main: './vectors.json' }));
  writeFileSync(path.join(packageDirectory, 'vectors.json'), JSON.stringify(embeddings));
  return { resolveFrom: path.join(project, 'index.js'), cacheDirectory: path.join(project, 'node_modules', '.cache', 'xlnlu') };
}

describe('resolveWordVectorsFile (npm: vector packages)', () => {
  // as wink ships them: each vector followed by its norm and the word's index
  const embeddings = {
    dimensions: 3,
    words: ['play', 'music'],
    vectors: { play: [0.5, -1, 2, 2.29, 0], music: [1e-3, 0, -0.25, 0.25, 1] },
  };

  it('passes a file path through untouched', () => {
    expect(resolveWordVectorsFile('vectors/cc.en.300.vec')).to.equal('vectors/cc.en.300.vec');
  });

  it('converts the package once to a .vec file in node_modules/.cache that the reader accepts', async () => {
    const { resolveFrom, cacheDirectory } = projectWithPackage('tiny-vectors', embeddings);
    const lines: string[] = [];
    const file = resolveWordVectorsFile('npm:tiny-vectors', { resolveFrom, log: (line) => lines.push(line) });
    expect(file).to.equal(path.join(cacheDirectory, 'tiny-vectors-1.2.3.vec'));
    expect(readFileSync(file, 'utf8')).to.equal('2 3\nplay 0.5 -1 2\nmusic 0.001 0 -0.25\n');
    const { dimension, vectors } = await readWordVectors(file);
    expect(dimension).to.equal(3);
    expect(Array.from(vectors.get('play')!)).to.deep.equal([0.5, -1, 2]);
    expect(lines).to.have.length(1);

    expect(resolveWordVectorsFile('npm:tiny-vectors', { resolveFrom, log: (line) => lines.push(line) })).to.equal(file);
    expect(lines, 'the second call reads the cache').to.have.length(1);
  });

  it('says how to get a package that is not installed', () => {
    const { resolveFrom } = projectWithPackage('tiny-vectors', embeddings);
    expect(() => resolveWordVectorsFile('npm:absent-vectors', { resolveFrom })).to.throw(
      /npm:absent-vectors: the package absent-vectors is not installed; .*optional dependency.*fastText \.vec file instead/,
    );
  });

  it('rejects a package in another layout and a short vector, leaving no file behind', () => {
    const other = projectWithPackage('other-vectors', { dim: 3, rows: [] });
    expect(() => resolveWordVectorsFile('npm:other-vectors', { resolveFrom: other.resolveFrom })).to.throw(
      /vectors\.json: expected wink's embedding layout/,
    );

    const short = projectWithPackage('short-vectors', {
      dimensions: 3,
      words: ['play', 'music'],
      vectors: { play: [1, 2, 3], music: [1, 2] },
    });
    expect(() => resolveWordVectorsFile('npm:short-vectors', { resolveFrom: short.resolveFrom })).to.throw(
      /vectors\.json \(word "music"\): expected a word without spaces and 3 numbers/,
    );
    expect(existsSync(short.cacheDirectory) ? readdirSync(short.cacheDirectory) : []).to.deep.equal([]);
  });
});
