import { existsSync, readFileSync } from 'node:fs';

/** A JSON file's content; a missing file or malformed JSON is an error naming the file (`kind`: "config file", …). */
export function readJsonFile(file: string, kind: string): unknown {
  if (!existsSync(file)) throw new Error(`${kind} not found: ${file}`);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: malformed JSON (${(error as Error).message})`);
  }
}
