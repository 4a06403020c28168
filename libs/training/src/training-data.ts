import { splitAtSpanBoundaries, type DataProvenance, type Locale, type NluRecord } from '@xlnlu/data';
import { withCodeSwitching } from './code-switching.js';
import type { ExperimentConfig } from './experiment-config.js';
import { loadDataset } from './load-dataset.js';
import { partition, trainingRecords } from './massive-data.js';
import type { RunDirectory } from './run-directory.js';

/**
 * What a run trains and chooses its epochs on, as its data config says: each training locale's
 * records (sampled to its cap), split at slot boundaries and code-switched where asked, and the dev
 * sets of `data.devLocales` (default: the training locales'). Also returns every locale it read.
 */
export async function trainingData(
  config: ExperimentConfig,
  configFile: string,
  dataRoot: string,
  run: RunDirectory,
  log: (line: string) => void,
): Promise<{ records: NluRecord[]; dev: NluRecord[]; data: Map<Locale, NluRecord[]>; provenance: DataProvenance[] }> {
  const { dataset, trainLocales, devLocales, trainLimit, trainLimits, splitTokensAtSlots, codeSwitch } = config.data;
  const loaded = await loadDataset(dataRoot, dataset, trainLocales, log);
  const data = loaded.byLocale;
  const provenance = loaded.provenance();
  const drawn = trainingRecords(data, trainLimit, config.seed, trainLimits);
  const sampled = splitTokensAtSlots ? drawn.map(splitAtSpanBoundaries) : drawn;
  if (splitTokensAtSlots) {
    const split = sampled.filter((record, i) => record !== drawn[i]).length;
    run.log({ stage: 'data', splitTokensAtSlots: split });
    log(`tokens split at slot boundaries in ${split} training utterances`);
  }
  if (codeSwitch && !data.has('en-US'))
    throw new Error(`${configFile}: data.codeSwitch switches English records, but en-US is not a training locale`);
  const records = await withCodeSwitching(config, sampled, partition(data.get('en-US') ?? [], 'train'), dataRoot, run, log);
  const devOnly = (devLocales ?? []).filter((locale) => !data.has(locale));
  if (devOnly.length > 0) {
    const devData = await loadDataset(dataRoot, dataset, devOnly, log);
    for (const [locale, records] of devData.byLocale) data.set(locale, records);
    provenance.push(...devData.provenance());
  }
  const dev = (devLocales ?? trainLocales).flatMap((locale) => partition(data.get(locale)!, 'dev'));
  // refused now, not after the first epoch: with no dev set there is no epoch to choose
  if (dev.length === 0)
    throw new Error(`${configFile}: no dev records in ${(devLocales ?? trainLocales).join(', ')}: an epoch cannot be chosen`);
  run.log({ stage: 'data', train: records.length, dev: dev.length, devLocales: devLocales ?? trainLocales });
  if (devLocales) log(`epochs chosen on the dev set of ${devLocales.join(', ')} (${dev.length} utterances)`);
  return { records, dev, data, provenance };
}
