import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { buildSharedSpace, formatVec, type Locale, type NluRecord } from '@xlnlu/data';
import { writeFileAtomic, writeJsonAtomic } from './atomic-files.js';
import type { ExperimentConfig } from './experiment-config.js';
import { loadDataset } from './load-dataset.js';
import { partition } from './massive-data.js';
import type { RunDirectory } from './run-directory.js';

/**
 * Builds the English + X space a run asks for (`data.sharedSpace`) from what the run may see: the
 * English train partition, each target's records the run trains on, and for the induced lexicon
 * those same records (or every target train text, with parallelTexts "all"). Writes
 * `<run>/space/vectors.vec` (for the family; removed once the model is trained, see
 * removeSharedSpace) and `<run>/space/report.json`; returns the .vec path.
 */
export async function writeSharedSpace(
  config: ExperimentConfig,
  records: readonly NluRecord[],
  data: ReadonlyMap<Locale, NluRecord[]>,
  dataRoot: string,
  run: RunDirectory,
  log: (line: string) => void,
): Promise<string | null> {
  const settings = config.data.sharedSpace;
  if (!settings) return null;
  const read = async (locale: Locale) => data.get(locale) ?? (await loadDataset(dataRoot, 'massive', [locale])).byLocale.get(locale)!;
  const english = partition(await read('en-US'), 'train');
  const targets = new Map<Locale, { records: NluRecord[]; parallelTexts: NluRecord[] }>();
  for (const locale of settings.locales) {
    const own = records.filter((record) => record.locale === locale);
    targets.set(locale, { records: own, parallelTexts: settings.parallelTexts === 'all' ? partition(await read(locale), 'train') : own });
  }
  const { vectors, report } = await buildSharedSpace({ ...settings, root: dataRoot, english, targets, log });
  const directory = path.join(run.root, 'space');
  mkdirSync(directory, { recursive: true });
  const file = path.join(directory, 'vectors.vec');
  writeFileAtomic(file, formatVec(vectors));
  writeJsonAtomic(path.join(directory, 'report.json'), { ...settings, ...report, words: vectors.size });
  run.log({ stage: 'shared-space', words: vectors.size, ...report });
  log(
    `shared space: ${vectors.size} words (${report.englishWords} English; ${Object.entries(report.targets)
      .map(([locale, t]) => `${locale} ${t.sameSpelling + t.composed}`)
      .join(', ')})`,
  );
  return file;
}

/** The space's vectors are in the trained model (its rows); the .vec copy is rebuilt on a resume, so it goes. */
export function removeSharedSpace(file: string | null): void {
  if (file) rmSync(file, { force: true });
}
