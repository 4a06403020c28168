/**
 * npx nx run evaluate:evaluate:<locale> -- --run=runs/<name> [--partition=test] [--backend=…] [--threads=N]
 *   [--data=<file> --format=massive|conll|span-json|rasa [--tag-column=N]]
 *
 * Evaluates a trained run on one locale (one Nx configuration per profiled locale, inferred from
 * the locale table by tools/nx-plugins/locale-configurations.cjs) and writes
 * <run>/metrics/<locale>.json; prints the headline figures. The data is the run's own (its config's
 * data.dataset) unless --data names another file; a test set whose labels the model never saw is refused.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { selectBackend } from '@xlnlu/compute';
import {
  dataSourceFromFlags,
  parseCommandLine,
  parseLocale,
  PARTITIONS,
  profiledLocales,
  resolveDataRoot,
  type DataSource,
  type Partition,
} from '@xlnlu/data';
import { evaluateRun, includeFamilies, metricLines, readExperimentConfig, terminalLog } from '@xlnlu/training';

/** What the Nx target passes when its configuration names no profiled locale (Nx falls back to the default one). */
const NO_LOCALE = 'no-locale';

const { values } = parseCommandLine({
  usage: 'npx nx run evaluate:evaluate:<locale> -- --run=runs/<name> [options]',
  summary:
    'Evaluates a trained run on one locale, on the run’s own data unless --data names another file, and writes ' +
    '<run>/metrics/<locale>.json with 95 % bootstrap CIs.',
  options: {
    run: { type: 'string', help: 'the run directory (required)' },
    locale: { type: 'string', help: 'the locale (the Nx configuration passes it)' },
    partition: { type: 'string', default: 'test', help: 'train, dev or test' },
    backend: { type: 'string', help: 'auto, node-gpu, node, wasm or cpu (default: $XLNLU_BACKEND, else the fastest that loads)' },
    threads: { type: 'string', help: 'threads of the native core (default: $XLNLU_THREADS, else the machine’s cores)' },
    data: { type: 'string', help: 'evaluate on this file instead of the run’s data' },
    format: { type: 'string', help: 'the format of --data: massive, conll, span-json or rasa' },
    'tag-column': { type: 'string', help: 'conll: the tag’s column (default: the last)' },
    predictions: {
      type: 'boolean',
      default: false,
      help: 'also write metrics/<locale>.predictions.jsonl (gold and predicted per utterance) and, for tags, <locale>.conlleval.txt',
    },
    'zero-shot': { type: 'boolean', default: false, help: 'evaluate on a locale the run did not train on (cross-lingual zero-shot)' },
  },
});

function requestedLocale(): string {
  const locales = profiledLocales();
  if (values.locale === undefined || values.locale === NO_LOCALE) {
    // Nx does not pass on the configuration it did not find, only the default it fell back to
    throw new Error(
      `no locale to evaluate: name one as the Nx configuration, npx nx run evaluate:evaluate:<locale>, where <locale> is a profiled one ` +
        `(${locales.join(', ')}); a configuration that is none of them ends here too`,
    );
  }
  return parseLocale(values.locale, '--locale');
}

/** The data set --data names, in the requested locale, validated as a config's data.dataset would be. */
function otherData(): DataSource | undefined {
  if (values.data === undefined) {
    if (values.format !== undefined) throw new Error('--format describes the file of --data: give --data=<file> too');
    return undefined;
  }
  return dataSourceFromFlags({ path: values.data, format: values.format, locale: values.locale, tagColumn: values['tag-column'] });
}

async function main(): Promise<void> {
  if (!values.run) throw new Error('--run=<run directory> is required (e.g. --run=runs/maxent-nlu-en-US)');
  if (!(PARTITIONS as readonly string[]).includes(values.partition)) throw new Error(`--partition must be one of ${PARTITIONS.join(', ')}`);
  const locale = requestedLocale();
  // a team's families first ($XLNLU_FAMILIES): the run's config names one
  await includeFamilies();
  const trained = existsSync(path.join(values.run, 'config.json'))
    ? readExperimentConfig(path.join(values.run, 'config.json')).data.trainLocales
    : [];
  if (trained.length > 0 && !trained.includes(locale) && !values['zero-shot'])
    throw new Error(
      `${values.run} was trained on ${trained.join(', ')}, not ${locale}: evaluating it on ${locale} is zero-shot transfer; pass --zero-shot if that is what you mean`,
    );
  await selectBackend({ backend: values.backend, threads: values.threads });
  const report = await evaluateRun({
    runDir: values.run,
    locale,
    partition: values.partition as Partition,
    dataRoot: resolveDataRoot(),
    dataset: otherData(),
    predictions: values.predictions,
    log: terminalLog(),
  });
  const { metrics } = report;
  console.log(
    `${report.locale} ${report.partition}: ${metrics.utterances} utterances, ${report.utterancesPerSecond.toFixed(0)} utterances/s`,
  );
  for (const line of metricLines(metrics, { characterScores: true })) console.log(line);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
