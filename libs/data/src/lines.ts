import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** The lines of a UTF-8 text file with their 1-based numbers, streamed. A BOM is dropped. */
export async function* readLines(file: string): AsyncGenerator<{ line: number; text: string }> {
  const input = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  for await (const text of input) {
    line++;
    yield { line, text: line === 1 ? text.replace(/^\uFEFF/u, '') : text };
  }
}
