import { parseLocale, type Locale, type Tokenizer } from '@xlnlu/text';
import { bioTags } from './bio.js';
import { DataError, parseOrSkip, type SkippedRecord } from './data-error.js';
import { readLines } from './lines.js';
import { AnnotationError, alignSlots, parseAnnotation } from './massive-annotation.js';
import { PARTITIONS, type NluRecord, type Partition } from './nlu-record.js';
import type { Span } from './span.js';

export interface ReadMassiveOptions {
  /** The tokenizer of the file's locale. */
  tokenizer: Tokenizer;
  /** The locale every record must have; the file name's locale when read through the data root. */
  locale: Locale;
  /** Count and report invalid records instead of stopping at the first. */
  skipInvalid?: boolean;
}

export interface MassiveFile {
  records: NluRecord[];
  skipped: SkippedRecord[];
  /** Slots whose boundaries fall inside a token of the locale's tokenizer, with their record. */
  misaligned: Array<{ recordId: string; slot: Span; text: string }>;
}

const REQUIRED_STRINGS = ['id', 'locale', 'partition', 'scenario', 'intent', 'utt', 'annot_utt'] as const;

/** Reads a MASSIVE 1.1 jsonl file (official record format) into tokenized, BIO-tagged records. */
export async function readMassive(file: string, options: ReadMassiveOptions): Promise<MassiveFile> {
  const result: MassiveFile = { records: [], skipped: [], misaligned: [] };
  for await (const { line, text } of readLines(file)) {
    if (text.trim() === '') continue;
    const record = parseOrSkip(() => parseMassiveLine(text, { file, line }, options), options.skipInvalid ?? false, result.skipped);
    if (!record) continue;
    result.records.push(record.record);
    for (const slot of record.misaligned) result.misaligned.push({ recordId: record.record.id, slot, text: record.record.text });
  }
  return result;
}

function parseMassiveLine(
  text: string,
  where: { file: string; line: number },
  options: ReadMassiveOptions,
): { record: NluRecord; misaligned: Span[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DataError(where, `malformed JSON (${(error as Error).message}); expected one MASSIVE record per line`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new DataError(where, `expected a JSON object, found ${Array.isArray(json) ? 'an array' : typeof json}`);
  }
  const raw = json as Record<string, unknown>;
  const recordId = typeof raw['id'] === 'string' ? raw['id'] : undefined;
  const at = { ...where, ...(recordId === undefined ? {} : { recordId }) };
  for (const field of REQUIRED_STRINGS) {
    if (typeof raw[field] !== 'string') throw new DataError(at, `field "${field}" must be a string, found ${JSON.stringify(raw[field])}`);
  }
  const fields = raw as Record<(typeof REQUIRED_STRINGS)[number], string>;
  let locale: Locale;
  try {
    locale = parseLocale(fields.locale, 'field "locale"');
  } catch (error) {
    throw new DataError(at, (error as Error).message);
  }
  if (locale !== options.locale) throw new DataError(at, `record has locale ${locale} but the file is read as ${options.locale}`);
  if (!(PARTITIONS as readonly string[]).includes(fields.partition)) {
    throw new DataError(at, `field "partition" must be one of ${PARTITIONS.join(', ')}, found ${JSON.stringify(fields.partition)}`);
  }
  let slots: Span[];
  try {
    const annotation = parseAnnotation(fields.annot_utt);
    slots = alignSlots(annotation.text, annotation.slots, fields.utt);
  } catch (error) {
    if (error instanceof AnnotationError) throw new DataError(at, error.message);
    throw error;
  }
  const tokens = options.tokenizer.tokenize(fields.utt);
  const { tags, misaligned } = bioTags(tokens, slots);
  return {
    record: {
      id: fields.id,
      locale,
      partition: fields.partition as Partition,
      domain: fields.scenario,
      intent: fields.intent,
      text: fields.utt,
      tokens,
      slots,
      tags,
    },
    misaligned,
  };
}
