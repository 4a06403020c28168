import { readMassiveLocale, sampleStratified, type Locale, type NluRecord, type Partition } from '@xlnlu/data';

/** Reads MASSIVE for each locale with its own tokenizer. */
export async function loadMassive(
  root: string,
  locales: readonly Locale[],
  log: (line: string) => void = () => undefined,
): Promise<Map<Locale, NluRecord[]>> {
  const byLocale = new Map<Locale, NluRecord[]>();
  for (const locale of locales) {
    log(`reading MASSIVE ${locale}…`);
    byLocale.set(locale, await readMassiveLocale(root, locale));
  }
  return byLocale;
}

export function partition(records: readonly NluRecord[], part: Partition): NluRecord[] {
  return records.filter((record) => record.partition === part);
}

/** The training records of every training locale, each capped at `limit` by a seeded sample stratified by intent. */
export function trainingRecords(
  byLocale: Map<Locale, NluRecord[]>,
  limit: number | null,
  seed: number,
  limits: Partial<Record<Locale, number>> = {},
): NluRecord[] {
  return [...byLocale].flatMap(([locale, records]) => {
    const train = partition(records, 'train');
    const cap = limits[locale] ?? limit;
    return cap === null ? train : sampleStratified(train, cap, `${seed}:${locale}`, (record) => record.intent);
  });
}
