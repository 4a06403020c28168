/**
 * npx nx run evaluate:evaluate:<locale> -- --run=runs/<name> [--partition=test] [--backend=…] [--threads=N]
 *
 * Evaluates a trained run on one locale (one Nx configuration per profiled locale, inferred from
 * the locale table by tools/nx-plugins/locale-configurations.cjs) and writes
 * <run>/metrics/<locale>.json; prints the headline figures.
 */
import { parseArgs } from 'node:util';
import { selectBackend } from '@xlnlu/compute';
import { parseLocale, PARTITIONS, profiledLocales, resolveDataRoot, type Partition } from '@xlnlu/data';
import { evaluateRun, includeFamilies } from '@xlnlu/training';

/** What the Nx target passes when its configuration names no profiled locale (Nx falls back to the default one). */
const NO_LOCALE = 'no-locale';

const { values } = parseArgs({
  options: {
    run: { type: 'string' },
    locale: { type: 'string' },
    partition: { type: 'string', default: 'test' },
    backend: { type: 'string' },
    threads: { type: 'string' },
  },
  strict: true,
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

async function main(): Promise<void> {
  if (!values.run) throw new Error('--run=<run directory> is required (e.g. --run=runs/maxent-nlu-en-US)');
  if (!(PARTITIONS as readonly string[]).includes(values.partition)) throw new Error(`--partition must be one of ${PARTITIONS.join(', ')}`);
  await includeFamilies();
  await selectBackend({ backend: values.backend, threads: values.threads });
  const report = await evaluateRun({
    runDir: values.run,
    locale: requestedLocale(),
    partition: values.partition as Partition,
    dataRoot: resolveDataRoot(),
    log: (line) => console.log(line),
  });
  const { metrics } = report;
  const show = (name: string, ci?: { estimate: number; low: number; high: number }) =>
    ci && console.log(`${name.padEnd(16)} ${ci.estimate.toFixed(4)}  (95 % CI ${ci.low.toFixed(4)}–${ci.high.toFixed(4)})`);
  console.log(
    `${report.locale} ${report.partition}: ${metrics.utterances} utterances, ${report.utterancesPerSecond.toFixed(0)} utterances/s`,
  );
  show('domain accuracy', metrics.domainAccuracy);
  show('intent accuracy', metrics.intentAccuracy);
  show('slot F1 (micro)', metrics.slotF1);
  show('frame accuracy', metrics.frameAccuracy);
  // on character offsets: differs from the token scores only where annotations cut tokens (ja-JP)
  show('slot F1 (chars)', metrics.slotF1Chars);
  show('frame (chars)', metrics.frameAccuracyChars);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
