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
  /** What was read, per locale (the run's data.json). */
  provenance: DataProvenance[];
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
    const { records, provenance } = await loadDataSource(dataset, log);
    return { byLocale: new Map([[dataset.locale, records]]), provenance: [provenance] };
  }
  if (dataset === 'massive') {
    const byLocale = await loadMassive(root, locales, log);
    const provenance = [...byLocale].map(([locale, records]): DataProvenance => {
      const file = dataFiles.massive(root, locale);
      return {
        locale,
        source: 'massive',
        format: 'built-in',
        file,
        records: records.length,
        partitions: countPartitions(records),
        sha256: sha256Of(file),
      };
    });
    return { byLocale, provenance };
  }
  const only = NER_DATASETS[dataset].locale;
  if (locales.length !== 1 || locales[0] !== only)
    throw new Error(`the ${dataset} data set is ${only} only, but ${locales.join(', ')} was asked for`);
  const byLocale = await loadNerDataset(root, dataset, log);
  const records = byLocale.get(only)!;
  return {
    byLocale,
    provenance: nerDatasetFiles(root, dataset).map((file) => ({
      locale: only,
      source: dataset,
      format: 'built-in' as const,
      file,
      records: records.length,
      partitions: countPartitions(records),
      sha256: sha256Of(file),
    })),
  };
}
