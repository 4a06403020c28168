import { DataError } from './data-error.js';
import { readLines } from './lines.js';

export interface WordVectors {
  dimension: number;
  vectors: Map<string, Float32Array>;
}

/**
 * Reads word vectors in fastText's `.vec` text format: a header line `<count> <dimension>`, then
 * one `<word> <v1> … <vD>` line per word. With `keep`, only those words are stored (a vocabulary),
 * so that large files fit in memory. Errors name the file and line.
 */
export async function readWordVectors(file: string, keep?: ReadonlySet<string>): Promise<WordVectors> {
  let dimension = 0;
  let declared = 0;
  let rows = 0;
  const vectors = new Map<string, Float32Array>();
  for await (const { line, text } of readLines(file)) {
    if (line === 1) {
      const header = text.trim().split(/\s+/u).map(Number);
      if (header.length !== 2 || !header.every((n) => Number.isInteger(n) && n > 0)) {
        throw new DataError({ file, line }, `expected the header "<count> <dimension>", found ${JSON.stringify(text)}`);
      }
      [declared, dimension] = header as [number, number];
      continue;
    }
    if (text.trim() === '') continue;
    const fields = text.trimEnd().split(' ');
    if (fields.length !== dimension + 1) {
      throw new DataError({ file, line }, `expected a word and ${dimension} numbers, found ${fields.length - 1} numbers`);
    }
    rows++;
    const word = fields[0]!;
    if (keep && !keep.has(word)) continue;
    const vector = new Float32Array(dimension);
    for (let i = 0; i < dimension; i++) {
      const value = Number(fields[i + 1]);
      if (!Number.isFinite(value))
        throw new DataError({ file, line, recordId: word }, `value ${i + 1} is not a number: ${JSON.stringify(fields[i + 1])}`);
      vector[i] = value;
    }
    vectors.set(word, vector);
  }
  if (dimension === 0) throw new DataError({ file }, 'empty file; expected the header "<count> <dimension>"');
  if (rows !== declared) throw new DataError({ file }, `the header declares ${declared} vectors but the file has ${rows}`);
  return { dimension, vectors };
}
