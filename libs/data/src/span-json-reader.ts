import { readFile } from 'node:fs/promises';
import type { Tokenizer } from '@xlnlu/text';
import { bioTags } from './bio.js';
import { DataError, parseOrSkip, type SkippedRecord } from './data-error.js';
import type { NerRecord } from './nlu-record.js';
import type { Span } from './span.js';

export interface SpanJsonFile {
  records: NerRecord[];
  skipped: SkippedRecord[];
  misaligned: Array<{ recordId: string; entity: Span; text: string }>;
}

/**
 * Reads a span-JSON NER file such as the Japanese Wikipedia set (`ner.json`): an array of
 * `{curid, text, entities: [{name, span: [start, end], type}]}`. Each entity must cover exactly
 * its `name`. A record's id is `<index in the array>:<curid>` (curids repeat across sentences).
 * The file is one JSON document, so errors name the record instead of a line.
 */
export async function readSpanJson(file: string, options: { tokenizer: Tokenizer; skipInvalid?: boolean }): Promise<SpanJsonFile> {
  let document: unknown;
  try {
    document = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new DataError({ file }, `malformed JSON (${(error as Error).message}); expected an array of {curid, text, entities}`);
  }
  if (!Array.isArray(document)) throw new DataError({ file }, 'expected a JSON array of {curid, text, entities}');
  const result: SpanJsonFile = { records: [], skipped: [], misaligned: [] };
  document.forEach((item: unknown, index) => {
    const record = parseOrSkip(() => parseSpanRecord(item, index, file, options.tokenizer), options.skipInvalid ?? false, result.skipped);
    if (!record) return;
    result.records.push(record.record);
    for (const entity of record.misaligned) result.misaligned.push({ recordId: record.record.id, entity, text: record.record.text });
  });
  return result;
}

function parseSpanRecord(item: unknown, index: number, file: string, tokenizer: Tokenizer): { record: NerRecord; misaligned: Span[] } {
  const raw = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
  const id = `${index}:${String(raw['curid'] ?? '?')}`;
  const at = { file, recordId: id };
  if (typeof raw['text'] !== 'string') throw new DataError(at, `field "text" must be a string, found ${JSON.stringify(raw['text'])}`);
  if (!Array.isArray(raw['entities'])) throw new DataError(at, 'field "entities" must be an array');
  const text = raw['text'];
  const entities: Span[] = raw['entities'].map((entity: unknown, k: number) => {
    const e = (entity ?? {}) as { name?: unknown; span?: unknown; type?: unknown };
    const span = e.span;
    if (
      !Array.isArray(span) ||
      span.length !== 2 ||
      !span.every(Number.isInteger) ||
      span[0] < 0 ||
      span[1] > text.length ||
      span[0] >= span[1]
    ) {
      throw new DataError(
        at,
        `entity ${k}: "span" must be [start, end] with 0 ≤ start < end ≤ ${text.length}, found ${JSON.stringify(span)}`,
      );
    }
    if (typeof e.type !== 'string' || e.type === '') throw new DataError(at, `entity ${k}: "type" must be a non-empty string`);
    const covered = text.slice(span[0], span[1]);
    if (covered !== e.name)
      throw new DataError(
        at,
        `entity ${k}: span ${JSON.stringify(span)} covers ${JSON.stringify(covered)}, but its name is ${JSON.stringify(e.name)}`,
      );
    return { type: e.type, start: span[0], end: span[1] };
  });
  const tokens = tokenizer.tokenize(text);
  const { tags, misaligned } = bioTags(tokens, entities);
  return { record: { id, text, tokens, tags, entities }, misaligned };
}
