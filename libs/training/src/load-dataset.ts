import type { Locale, NluRecord } from '@xlnlu/data';
import { loadMassive } from './massive-data.js';
import { loadNerDataset, NER_DATASETS, type NerDataset } from './ner-datasets.js';

export const DATASETS = ['massive', ...(Object.keys(NER_DATASETS) as NerDataset[])] as const;
export type Dataset = (typeof DATASETS)[number];

/** The records of `locales` from a data set: MASSIVE in any locale, a public NER set in its own. */
export async function loadDataset(
  root: string,
  dataset: Dataset,
  locales: readonly Locale[],
  log: (line: string) => void = () => undefined,
): Promise<Map<Locale, NluRecord[]>> {
  if (dataset === 'massive') return loadMassive(root, locales, log);
  const only = NER_DATASETS[dataset].locale;
  if (locales.length !== 1 || locales[0] !== only)
    throw new Error(`the ${dataset} data set is ${only} only, but ${locales.join(', ')} was asked for`);
  return loadNerDataset(root, dataset, log);
}
