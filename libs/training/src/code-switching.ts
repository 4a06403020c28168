import { codeSwitch, englishLexicons, mergeLexicons, type BilingualLexicon, type Locale, type NluRecord } from '@xlnlu/data';
import type { ExperimentConfig } from './experiment-config.js';
import { loadDataset } from './load-dataset.js';
import { partition } from './massive-data.js';
import type { RunDirectory } from './run-directory.js';

/**
 * A run's training records with its English ones code-switched (`data.codeSwitch`): lexicons
 * English → each listed locale, the induced one from the X records this run trains on (or, with
 * parallelTexts "all", every X train text: translations without annotations), never from records it
 * does not train on otherwise. Other locales' records pass through.
 */
export async function withCodeSwitching(
  config: ExperimentConfig,
  records: readonly NluRecord[],
  english: readonly NluRecord[],
  dataRoot: string,
  run: RunDirectory,
  log: (line: string) => void,
): Promise<NluRecord[]> {
  const settings = config.data.codeSwitch;
  if (!settings) return [...records];
  const lexicons = new Map<Locale, BilingualLexicon>();
  for (const locale of settings.locales) {
    const parallel =
      settings.parallelTexts === 'all'
        ? partition((await loadDataset(dataRoot, 'massive', [locale])).byLocale.get(locale)!, 'train')
        : records.filter((record) => record.locale === locale);
    const lexicon = mergeLexicons(englishLexicons(dataRoot, locale, settings.lexicons, english, parallel).map(({ lexicon }) => lexicon));
    if (lexicon.size === 0)
      throw new Error(
        `data.codeSwitch: no ${locale} lexicon: the induced one needs ${locale} training records (or parallelTexts "all"); add "freedict" to lexicons`,
      );
    lexicons.set(locale, lexicon);
  }
  const isEnglish = (record: NluRecord) => record.locale === 'en-US';
  const switched = codeSwitch(records.filter(isEnglish), lexicons, { rate: settings.rate, seed: config.seed });
  const { report } = switched;
  run.log({ stage: 'code-switch', ...report, lexiconSizes: Object.fromEntries([...lexicons].map(([l, x]) => [l, x.size])) });
  log(
    `code-switched ${report.replaced} of ${report.words} English words (${Object.entries(report.byLocale)
      .map(([l, n]) => `${l} ${n}`)
      .join(', ')})`,
  );
  let next = 0;
  return records.map((record) => (isEnglish(record) ? switched.records[next++]! : record));
}
