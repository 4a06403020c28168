import {
  createTextPipeline,
  dataFiles,
  nerAsNluRecord,
  readConll,
  readSpanJson,
  requireDataFile,
  seededSplit,
  type Locale,
  type NluRecord,
} from '@xlnlu/data';

/** The public NER data sets beside MASSIVE, each in one language. */
export const NER_DATASETS = {
  /** WNUT 2017 emerging entities: its own train / dev / test files. */
  wnut17: { locale: 'en-US' },
  /** Stockmark's Japanese Wikipedia NER (ner.json): no official split, so a fixed seeded 80 / 10 / 10 one. */
  'ja-wikipedia-ner': { locale: 'ja-JP' },
} as const satisfies Record<string, { locale: Locale }>;

export type NerDataset = keyof typeof NER_DATASETS;

/** The files a public NER data set is read from. */
export function nerDatasetFiles(root: string, dataset: NerDataset): string[] {
  return dataset === 'wnut17'
    ? (['train', 'dev', 'test'] as const).map((part) => dataFiles.wnut17(root, part))
    : [dataFiles.stockmarkNer(root)];
}

/** The split of ner.json never changes with an experiment's seed, so every run sees the same test set. */
const SPLIT_SEED = 'ja-wikipedia-ner';

/** Reads a public NER data set, tokenized as its language is everywhere else, with partitions. */
export async function loadNerDataset(
  root: string,
  dataset: NerDataset,
  log: (line: string) => void = () => undefined,
): Promise<Map<Locale, NluRecord[]>> {
  const { locale } = NER_DATASETS[dataset];
  log(`reading ${dataset}…`);
  let records: NluRecord[];
  if (dataset === 'wnut17') {
    const parts = await Promise.all(
      (['train', 'dev', 'test'] as const).map(async (part) =>
        (await readConll(requireDataFile(dataFiles.wnut17(root, part)))).records.map((r) => nerAsNluRecord(r, locale, part)),
      ),
    );
    records = parts.flat();
  } else {
    const { tokenizer } = await createTextPipeline(locale);
    const sentences = (await readSpanJson(requireDataFile(dataFiles.stockmarkNer(root)), { tokenizer })).records;
    const split = seededSplit(sentences, SPLIT_SEED, { train: 0.8, dev: 0.1, test: 0.1 });
    records = (['train', 'dev', 'test'] as const).flatMap((part) => split[part].map((r) => nerAsNluRecord(r, locale, part)));
  }
  return new Map([[locale, records]]);
}
