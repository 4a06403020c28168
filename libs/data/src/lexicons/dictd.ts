import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { DataError } from '../data-error.js';

/** One headword of a dictd dictionary with its entry text. */
export interface DictdEntry {
  headword: string;
  text: string;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** dictd's offsets and lengths: base-64 digits, most significant first (not RFC 4648 padding). */
function decodeNumber(digits: string): number | undefined {
  let value = 0;
  for (const digit of digits) {
    const d = BASE64.indexOf(digit);
    if (d < 0) return undefined;
    value = value * 64 + d;
  }
  return digits.length > 0 ? value : undefined;
}

/**
 * Reads a dictd dictionary: `<base>.index` (headword, offset, length per line, tab-separated; the
 * offsets are bytes of the uncompressed text) and `<base>.dict.dz` (dictzip, which gzip reads whole)
 * or `<base>.dict`. The `00database…` entries (the dictionary's own description) are left out. Bad
 * input is a DataError naming the file and the line, or the offset that falls outside the text.
 */
export function readDictd(base: string): DictdEntry[] {
  const indexFile = `${base}.index`;
  const dictFile = existsSync(`${base}.dict.dz`) ? `${base}.dict.dz` : `${base}.dict`;
  for (const file of [indexFile, dictFile])
    if (!existsSync(file)) throw new DataError({ file }, 'file not found (a dictd dictionary is <name>.index and <name>.dict.dz)');
  let data: Buffer;
  try {
    data = dictFile.endsWith('.dz') ? gunzipSync(readFileSync(dictFile)) : readFileSync(dictFile);
  } catch (error) {
    throw new DataError({ file: dictFile }, `not a dictzip (gzip) file: ${(error as Error).message}`);
  }
  const entries: DictdEntry[] = [];
  readFileSync(indexFile, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line === '') return;
      const fields = line.split('\t');
      const [headword, offsetDigits, lengthDigits] = fields;
      const [offset, length] = [decodeNumber(offsetDigits ?? ''), decodeNumber(lengthDigits ?? '')];
      if (fields.length < 3 || headword === undefined || offset === undefined || length === undefined) {
        throw new DataError(
          { file: indexFile, line: i + 1 },
          `expected "headword<TAB>offset<TAB>length" with base-64 numbers, found ${JSON.stringify(line.slice(0, 80))}`,
        );
      }
      if (offset + length > data.length) {
        throw new DataError(
          { file: indexFile, line: i + 1 },
          `entry "${headword}" at byte ${offset} (+${length}) lies beyond the ${data.length} bytes of ${dictFile}`,
        );
      }
      // the dictionary's own description, and entries without a headword (FreeDict eng-ita has one)
      if (headword === '' || headword.startsWith('00database') || headword.startsWith('00-database')) return;
      entries.push({ headword, text: data.subarray(offset, offset + length).toString('utf8') });
    });
  return entries;
}
