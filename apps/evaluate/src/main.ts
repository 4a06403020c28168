/**
 * npx nx run evaluate:evaluate:<locale> -- --run=runs/<name> [--partition=test] [--backend=…] [--threads=N]
 *
 * Evaluates a trained run on one MASSIVE locale (one Nx configuration per locale: en-US, es-ES,
 * it-IT, hi-IN, ja-JP) and writes <run>/metrics/<locale>.json; prints the headline figures.
 */
import { parseArgs } from 'node:util';
import { selectBackend } from '@xlnlu/compute';
import { parseLocale, PARTITIONS, resolveDataRoot, type Partition } from '@xlnlu/data';
import { evaluateRun, includeFamilies } from '@xlnlu/training';

const { values } = parseArgs({
  options: {
    run: { type: 'string' },
    locale: { type: 'string', default: 'en-US' },
    partition: { type: 'string', default: 'test' },
    backend: { type: 'string' },
    threads: { type: 'string' },
  },
  strict: true,
});

async function main(): Promise<void> {
  if (!values.run) throw new Error('--run=<run directory> is required (e.g. --run=runs/maxent-nlu-en-US)');
  if (!(PARTITIONS as readonly string[]).includes(values.partition)) throw new Error(`--partition must be one of ${PARTITIONS.join(', ')}`);
  await includeFamilies();
  await selectBackend({ backend: values.backend, threads: values.threads });
  const report = await evaluateRun({
    runDir: values.run,
    locale: parseLocale(values.locale, '--locale'),
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
