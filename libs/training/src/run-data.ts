import { existsSync } from 'node:fs';
import type { DataProvenance, NluRecord } from '@xlnlu/data';
import { writeJsonAtomic } from './atomic-files.js';
import { readJsonFile } from './json-file.js';
import type { RunDirectory } from './run-directory.js';

/** A run's data.json: the data it read, and the labels its training records carry. */
export interface RunData {
  sources: DataProvenance[];
  labels: { intents: string[]; slotTypes: string[] };
}

const sorted = (values: Iterable<string>) => [...new Set(values)].filter((v) => v !== '').sort();

/** The entity (slot) types a record's BIO tags name. */
const entityTypesOf = (record: NluRecord) => record.tags.filter((tag) => tag !== 'O').map((tag) => tag.slice(2));

export function labelsOf(records: readonly NluRecord[]): RunData['labels'] {
  return {
    intents: sorted(records.map((r) => r.intent)),
    slotTypes: sorted(records.flatMap(entityTypesOf)),
  };
}

/**
 * Writes what the run trains on beside its config. A resumed run must read the same data it
 * started with: a changed file (another content hash) is refused instead of mixed in.
 */
export function writeRunData(
  run: RunDirectory,
  sources: DataProvenance[],
  train: readonly NluRecord[],
  options: { resume: boolean },
): void {
  const data: RunData = { sources, labels: labelsOf(train) };
  if (options.resume && existsSync(run.dataFile)) {
    const before = readJsonFile(run.dataFile, 'run data') as RunData;
    for (const source of sources) {
      const earlier = before.sources.find((s) => s.file === source.file);
      if (earlier && earlier.sha256 !== source.sha256)
        throw new Error(
          `${source.file} changed since ${run.root} started (sha256 ${earlier.sha256.slice(0, 12)}… → ${source.sha256.slice(0, 12)}…): a run resumes on the data it began with`,
        );
    }
  }
  writeJsonAtomic(run.dataFile, data);
}

/** The run's data.json, or undefined for a run trained before runs recorded their data. */
export function readRunData(run: RunDirectory): RunData | undefined {
  return existsSync(run.dataFile) ? (readJsonFile(run.dataFile, 'run data') as RunData) : undefined;
}

/**
 * Refuses a test set whose labels the model never saw (a run trained on one data set and
 * evaluated on another would score 0 and look like a result). Most test records must carry a
 * known intent (or, for tags-only data, a known entity type); returns a warning line when some do not.
 */
export function checkTestLabels(runData: RunData, test: readonly NluRecord[], where: string): string | undefined {
  const withIntent = test.filter((r) => r.intent !== '');
  const known = new Set(withIntent.length > 0 ? runData.labels.intents : runData.labels.slotTypes);
  const labelsOfRecord = (r: NluRecord) => (withIntent.length > 0 ? [r.intent] : entityTypesOf(r));
  const labelled = test.filter((r) => labelsOfRecord(r).length > 0);
  const unknownRecords = labelled.filter((r) => labelsOfRecord(r).some((label) => !known.has(label)));
  if (labelled.length === 0 || unknownRecords.length === 0) return undefined;
  const unknownLabels = sorted(unknownRecords.flatMap(labelsOfRecord).filter((label) => !known.has(label)));
  const what = withIntent.length > 0 ? 'intents' : 'entity types';
  const share = unknownRecords.length / labelled.length;
  const detail = `${unknownRecords.length} of ${labelled.length} test records of ${where} have ${what} the model never trained on (${unknownLabels.slice(0, 5).join(', ')}${unknownLabels.length > 5 ? ', …' : ''}); it trained on ${runData.sources.map((s) => s.source).join(', ')}`;
  if (share > 0.5)
    throw new Error(`${detail}: this test set is not the model's task. Evaluate on the data it trained on, or train on this data`);
  return `warning: ${detail}`;
}
