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

export interface ConllOptions {
  skipInvalid?: boolean;
  /**
   * The column of the tag, 0-based; negative counts from the end. Default -1 (the last), which
   * reads both token TAB tag (WNUT-17) and CoNLL-2003's token POS chunk tag.
   */
  tagColumn?: number;
}

/**
 * Reads a CoNLL/IOB2 file: the token in the first column, the tag in `tagColumn`; columns are
 * tab-separated, or space-separated in a line without tabs. Blank and white-space-only lines and
 * `-DOCSTART-` lines end a sentence; lines starting with "# " are comments (CoNLL-U). A sentence's
 * id is `<file name>:<line of its first token>`; its text is the tokens joined by single spaces,
 * and token offsets point into that text. The tags are the source of truth here; `bioChunks` in
 * @xlnlu/metrics turns them into spans.
 */
export async function readConll(file: string, options: ConllOptions = {}): Promise<ConllFile> {
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
    if (text.trim() === '' || text.startsWith('-DOCSTART-')) {
      finish();
      continue;
    }
    if (text.startsWith('# ')) continue;
    if (sentence.length === 0) firstLine = line;
    const where = { file, line, recordId: `${path.basename(file)}:${firstLine}` };
    const row = parseOrSkip(() => parseConllLine(text, where, options.tagColumn ?? -1), options.skipInvalid ?? false, result.skipped);
    if (row) sentence.push(row);
    else sentenceValid = false; // a sentence with a bad row is skipped whole, never half-read
  }
  finish();
  return result;
}

function parseConllLine(
  text: string,
  where: { file: string; line: number; recordId: string },
  tagColumn: number,
): { token: string; tag: string } {
  const columns = text.includes('\t') ? text.split('\t') : text.trim().split(/ +/u);
  const index = tagColumn < 0 ? columns.length + tagColumn : tagColumn;
  if (columns.length < 2 || index < 1 || index >= columns.length) {
    throw new DataError(
      where,
      `expected the token and its tag in column ${tagColumn} (tab- or space-separated), found ${columns.length} column(s): ${JSON.stringify(text)}`,
    );
  }
  const token = columns[0]!;
  const tag = columns[index]!;
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
