import { existsSync } from 'node:fs';
import path from 'node:path';
import { profiledLocales, type Locale } from '@xlnlu/text';

/** Environment variable that points the toolkit at a directory of data sets. */
export const DATA_DIR_ENV = 'XLNLU_DATA_DIR';

/** The data root: $XLNLU_DATA_DIR if set, else ./datasets (where `nx run datasets:fetch` unpacks). */
export function resolveDataRoot(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  const configured = env[DATA_DIR_ENV];
  return path.resolve(cwd, configured && configured.trim() !== '' ? configured : 'datasets');
}

/** Paths of the files the toolkit reads, relative to a data root (the layout `datasets:fetch` writes). */
export const dataFiles = {
  massive: (root: string, locale: Locale) => path.join(root, 'massive-1.1', 'data', `${locale}.jsonl`),
  wnut17: (root: string, split: 'train' | 'dev' | 'test') =>
    path.join(root, 'ner', 'en-wnut17', { train: 'wnut17train.conll', dev: 'emerging.dev.conll', test: 'emerging.test.annotated' }[split]),
  stockmarkNer: (root: string) => path.join(root, 'ner', 'ja-wikipedia-stockmark', 'ner.json'),
};

/** The profiled locales whose MASSIVE file is under the data root, in the table's order. */
export function massiveLocalesIn(root: string): Locale[] {
  return profiledLocales().filter((locale) => existsSync(dataFiles.massive(root, locale)));
}

const HOW_TO_PROVIDE_DATA =
  `Point ${DATA_DIR_ENV} at a directory with the layout massive-1.1/data/<locale>.jsonl, ner/en-wnut17/, ` +
  `ner/ja-wikipedia-stockmark/ (for example XLNLU_DATA_DIR=../shared/datasets), ` +
  `or download the originals with: npx nx run datasets:fetch`;

/** Throws an error that says how to provide the data when `file` does not exist. */
export function requireDataFile(file: string): string {
  if (!existsSync(file)) throw new Error(`data file not found: ${file}\n${HOW_TO_PROVIDE_DATA}`);
  return file;
}

/** Throws the same advice when the data root itself is missing, before a long job starts its first run. */
export function requireDataRoot(root: string): string {
  if (!existsSync(root)) throw new Error(`data directory not found: ${root}\n${HOW_TO_PROVIDE_DATA}`);
  return root;
}
