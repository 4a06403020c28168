import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { createTextPipeline, localeSchema, type Locale } from '@xlnlu/text';
import { readConll } from './conll-reader.js';
import { readMassive } from './massive-reader.js';
import { nerAsNluRecord, type NluRecord, type Partition } from './nlu-record.js';
import { readRasaYaml } from './rasa-reader.js';
import { readSpanJson } from './span-json-reader.js';
import { DEFAULT_SPLIT, seededSplit } from './split.js';

/** The formats a data set given by path may have. */
export const DATA_FORMATS = ['massive', 'conll', 'span-json', 'rasa'] as const;
export type DataFormat = (typeof DATA_FORMATS)[number];

/** Formats whose records carry intents (the others have entities only). */
const WITH_INTENTS: readonly DataFormat[] = ['massive', 'rasa'];

/** A team's own data set: one file in one locale. */
export const dataSourceSchema = z.strictObject({
  /** The file, relative to the directory commands run in (the workspace root). */
  path: z.string().min(1),
  /** massive: MASSIVE jsonl; conll: token … tag per line; span-json: {text, entities} sentences; rasa: Rasa NLU YAML. */
  format: z.enum(DATA_FORMATS),
  /** Its locale: the tokenizer it is read with, and the locale its records have. */
  locale: localeSchema,
  /** conll: the tag's column, 0-based, negative from the end (default: the last). */
  tagColumn: z.number().int().default(-1),
  /** Fractions of a seeded split for data without partitions (seeded by the file's content, so every run sees the same test set). */
  split: z
    .strictObject({ train: z.number().min(0), dev: z.number().min(0), test: z.number().min(0) })
    .refine((s) => Math.abs(s.train + s.dev + s.test - 1) < 1e-9, 'the fractions must sum to 1')
    .default(DEFAULT_SPLIT),
});
export type DataSource = z.infer<typeof dataSourceSchema>;

/** Flag names of a data source's keys, for command-line errors. */
const FLAG_OF: Record<string, string> = { path: '--data', format: '--format', locale: '--locale', tagColumn: '--tag-column' };

/**
 * A data source from command-line flags (evaluate --data, data:convert --input), validated as a
 * config's data.dataset; errors name the flag (`pathFlag` names the file's).
 */
export function dataSourceFromFlags(
  flags: { path?: string; format?: string; locale?: string; tagColumn?: string },
  pathFlag = '--data',
): DataSource {
  const parsed = dataSourceSchema.safeParse({
    path: flags.path,
    format: flags.format,
    locale: flags.locale,
    ...(flags.tagColumn === undefined ? {} : { tagColumn: Number(flags.tagColumn) }),
  });
  if (parsed.success) return parsed.data;
  const flag = (key: unknown) => (key === 'path' ? pathFlag : (FLAG_OF[String(key)] ?? String(key)));
  throw new Error(parsed.error.issues.map((issue) => `${flag(issue.path[0])}: ${issue.message}`).join('\n'));
}

/** What a run read: recorded in the run's data.json, and checked again by evaluate. */
export interface DataProvenance {
  locale: Locale;
  /** A built-in data set's name, or the path given. */
  source: string;
  format: DataFormat | 'built-in';
  file: string;
  records: number;
  partitions: Record<Partition, number>;
  sha256: string;
}

export const hasIntents = (source: DataSource): boolean => WITH_INTENTS.includes(source.format);

export function sha256Of(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

export const countPartitions = (records: readonly NluRecord[]): Record<Partition, number> => ({
  train: records.filter((r) => r.partition === 'train').length,
  dev: records.filter((r) => r.partition === 'dev').length,
  test: records.filter((r) => r.partition === 'test').length,
});

/**
 * Gives records partitions where the file has none (seeded split by content hash), and splits a
 * dev set off the training records where a file has train and test but no dev.
 */
function withPartitions(records: NluRecord[], source: DataSource, hash: string, partitioned: boolean): NluRecord[] {
  // the content alone: the same file gives the same split wherever it lies
  const seed = hash;
  if (!partitioned) {
    const parts = seededSplit(records, seed, source.split);
    return (['train', 'dev', 'test'] as const).flatMap((partition) => parts[partition].map((r) => ({ ...r, partition })));
  }
  if (records.some((r) => r.partition === 'dev')) return records;
  const train = records.filter((r) => r.partition === 'train');
  const devShare = source.split.dev / (source.split.train + source.split.dev);
  const { dev } = seededSplit(train, seed, { train: 1 - devShare, dev: devShare, test: 0 });
  const devIds = new Set(dev);
  return records.map((r) => (devIds.has(r) ? { ...r, partition: 'dev' as const } : r));
}

/** Reads a data set given by path, with its locale's tokenizer, and says what was read. */
export async function loadDataSource(
  source: DataSource,
  log: (line: string) => void = () => undefined,
): Promise<{ records: NluRecord[]; provenance: DataProvenance }> {
  const file = path.resolve(source.path);
  if (!existsSync(file)) throw new Error(`data.dataset.path: ${source.path}: no such file (paths are relative to ${process.cwd()})`);
  log(`reading ${source.path} (${source.format}, ${source.locale})…`);
  const { tokenizer } = await createTextPipeline(source.locale);
  let records: NluRecord[];
  let partitioned = false;
  switch (source.format) {
    case 'massive':
      records = (await readMassive(file, { tokenizer, locale: source.locale })).records;
      partitioned = true;
      break;
    case 'conll':
      records = (await readConll(file, { tagColumn: source.tagColumn })).records.map((r) => nerAsNluRecord(r, source.locale, 'train'));
      break;
    case 'span-json':
      records = (await readSpanJson(file, { tokenizer })).records.map((r) => nerAsNluRecord(r, source.locale, 'train'));
      break;
    case 'rasa':
      // Rasa has no domains: every record's domain is its intent's, so domain accuracy equals intent accuracy
      records = readRasaYaml(file, { tokenizer }).examples.map((e) => ({
        ...e,
        locale: source.locale,
        domain: e.intent,
        partition: 'train' as const,
      }));
      break;
  }
  if (records.length === 0) throw new Error(`${source.path}: no records in this ${source.format} file`);
  const hash = sha256Of(file);
  const partitionedRecords = withPartitions(records, source, hash, partitioned);
  const partitions = countPartitions(partitionedRecords);
  for (const part of ['train', 'dev'] as const)
    if (partitions[part] === 0)
      throw new Error(
        `${source.path}: ${records.length} records leave no ${part} set (split ${JSON.stringify(source.split)}): add records or change data.dataset.split`,
      );
  return {
    records: partitionedRecords,
    provenance: {
      locale: source.locale,
      source: source.path,
      format: source.format,
      file,
      records: records.length,
      partitions,
      sha256: hash,
    },
  };
}
