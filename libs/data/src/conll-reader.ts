import path from 'node:path';
import type { Token } from '@xlnlu/text';
import { DataError, parseOrSkip, type SkippedRecord } from './data-error.js';
import { readLines } from './lines.js';
import type { NerRecord } from './nlu-record.js';

const TAG = /^(O|[BI]-\S+)$/u;

export interface ConllFile {
  records: NerRecord[];
  skipped: SkippedRecord[];
}

/**
 * Reads a two-column CoNLL/IOB2 file (token TAB tag), such as WNUT-17. Blank and white-space-only
 * lines end a sentence. A sentence's id is `<file name>:<line of its first token>`; its text is
 * the tokens joined by single spaces, and token offsets point into that text. The tags are the
 * source of truth here; `bioChunks` in @xlnlu/metrics turns them into spans.
 */
export async function readConll(file: string, options: { skipInvalid?: boolean } = {}): Promise<ConllFile> {
  const result: ConllFile = { records: [], skipped: [] };
  let sentence: Array<{ token: string; tag: string }> = [];
  let firstLine = 0;
  let sentenceValid = true;
  const finish = () => {
    if (sentence.length > 0 && sentenceValid) result.records.push(conllRecord(`${path.basename(file)}:${firstLine}`, sentence));
    sentence = [];
    sentenceValid = true;
  };
  for await (const { line, text } of readLines(file)) {
    if (text.trim() === '') {
      finish();
      continue;
    }
    if (sentence.length === 0) firstLine = line;
    const where = { file, line, recordId: `${path.basename(file)}:${firstLine}` };
    const row = parseOrSkip(() => parseConllLine(text, where), options.skipInvalid ?? false, result.skipped);
    if (row) sentence.push(row);
    else sentenceValid = false; // a sentence with a bad row is skipped whole, never half-read
  }
  finish();
  return result;
}

function parseConllLine(text: string, where: { file: string; line: number; recordId: string }): { token: string; tag: string } {
  const columns = text.split('\t');
  if (columns.length !== 2) {
    throw new DataError(where, `expected 2 tab-separated columns (token, tag), found ${columns.length}: ${JSON.stringify(text)}`);
  }
  const [token, tag] = columns as [string, string];
  if (token === '') throw new DataError(where, 'empty token');
  if (!TAG.test(tag)) throw new DataError(where, `tag ${JSON.stringify(tag)} is not O, B-<type> or I-<type>`);
  return { token, tag };
}

function conllRecord(id: string, rows: ReadonlyArray<{ token: string; tag: string }>): NerRecord {
  const tokens: Token[] = [];
  let offset = 0;
  for (const { token } of rows) {
    tokens.push({ text: token, start: offset, end: offset + token.length });
    offset += token.length + 1;
  }
  return { id, text: rows.map((row) => row.token).join(' '), tokens, tags: rows.map((row) => row.tag) };
}
