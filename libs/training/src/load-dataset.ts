import { createHash } from 'node:crypto';
import {
  countPartitions,
  dataFiles,
  loadDataSource,
  sha256Of,
  type DataProvenance,
  type DataSource,
  type Locale,
  type NluRecord,
} from '@xlnlu/data';
import { loadMassive } from './massive-data.js';
import { loadNerDataset, NER_DATASETS, nerDatasetFiles, type NerDataset } from './ner-datasets.js';

export const DATASETS = ['massive', ...(Object.keys(NER_DATASETS) as NerDataset[])] as const;
export type Dataset = (typeof DATASETS)[number];

/** `data.dataset`: a built-in data set's name, or a team's own file (data-source.ts). */
export type DatasetRef = Dataset | DataSource;

export interface LoadedData {
  byLocale: Map<Locale, NluRecord[]>;
  /**
   * What was read, per locale (the run's data.json). A function: hashing the built-in files is
   * work only training needs, not every reader of records (evaluation, shared spaces, code-switching).
   */
  provenance: () => DataProvenance[];
}

/** One built-in data set's record of what was read; several files (WNUT-17's three) hashed as one. */
function builtInProvenance(source: string, locale: Locale, files: readonly string[], records: readonly NluRecord[]): DataProvenance {
  const sha256 =
    files.length === 1
      ? sha256Of(files[0]!)
      : createHash('sha256')
          .update(files.map((file) => sha256Of(file)).join('\n'))
          .digest('hex');
  return {
    locale,
    source,
    format: 'built-in',
    file: files.join(', '),
    records: records.length,
    partitions: countPartitions(records),
    sha256,
  };
}

/** The records of `locales` from a data set: MASSIVE in any locale, a public NER set in its own, a file in its declared locale. */
export async function loadDataset(
  root: string,
  dataset: DatasetRef,
  locales: readonly Locale[],
  log: (line: string) => void = () => undefined,
): Promise<LoadedData> {
  if (typeof dataset !== 'string') {
    if (locales.length !== 1 || locales[0] !== dataset.locale)
      throw new Error(`data.dataset ${dataset.path} is ${dataset.locale}, but ${locales.join(', ')} was asked for`);
    // a file's hash is read anyway: it seeds the split of a file without partitions
    const { records, provenance } = await loadDataSource(dataset, log);
    return { byLocale: new Map([[dataset.locale, records]]), provenance: () => [provenance] };
  }
  if (dataset === 'massive') {
    const byLocale = await loadMassive(root, locales, log);
    return {
      byLocale,
      provenance: () =>
        [...byLocale].map(([locale, records]) => builtInProvenance('massive', locale, [dataFiles.massive(root, locale)], records)),
    };
  }
  const only = NER_DATASETS[dataset].locale;
  if (locales.length !== 1 || locales[0] !== only)
    throw new Error(`the ${dataset} data set is ${only} only, but ${locales.join(', ')} was asked for`);
  const byLocale = await loadNerDataset(root, dataset, log);
  return { byLocale, provenance: () => [builtInProvenance(dataset, only, nerDatasetFiles(root, dataset), byLocale.get(only)!)] };
}
