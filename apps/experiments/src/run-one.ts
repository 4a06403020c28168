/**
 * The grid runner's worker: trains one planned run and evaluates it, then marks it complete.
 * node --import tsx apps/experiments/src/run-one.ts --config=<resolved config> --runs-dir=<grid dir> --evaluate=en-US,es-ES
 *   [--partition=test|dev] [--backend=B] [--threads=N] [--resume]
 *
 * It holds the run directory's lock from training to the completion mark, and it dies within
 * 0.1–0.2 s of its runner (even a runner killed with SIGKILL): a watchdog thread, which runs while
 * training keeps the main thread busy for whole epochs, sees the parent change and kills this
 * process, so no orphan keeps writing into a run directory the next runner will take over.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { selectBackend } from '@xlnlu/compute';
import { parseCommandLine, parseLocale, resolveDataRoot } from '@xlnlu/data';
import { DirectoryLock, evaluateRun, includeFamilies, readExperimentConfig, terminalLog, trainRun, writeJsonAtomic } from '@xlnlu/training';
import { COMPLETE_FILE } from './run-state.js';

if (process.send) watchRunner();

/** Kills this process as soon as its parent (the runner) is gone; see the file comment. */
function watchRunner(): void {
  const watchdog = `
    const { workerData } = require('node:worker_threads');
    setInterval(() => { if (process.ppid !== workerData.runner) process.kill(workerData.worker, 'SIGKILL'); }, 100);
  `;
  new Worker(watchdog, { eval: true, workerData: { runner: process.ppid, worker: process.pid } }).unref();
}

const { values } = parseCommandLine({
  usage:
    'node --import tsx apps/experiments/src/run-one.ts --config=<resolved config> --runs-dir=<grid dir> --evaluate=<locales> [options]',
  summary: 'The grid runner’s worker: trains one planned run, evaluates it, and marks it complete (experiments:run starts it).',
  options: {
    config: { type: 'string', help: 'the run’s resolved config (required)' },
    'runs-dir': { type: 'string', help: 'the grid directory (required)' },
    evaluate: { type: 'string', help: 'comma-separated locales to evaluate on (required)' },
    partition: { type: 'string', default: 'test', help: 'test or dev' },
    backend: { type: 'string', help: 'auto, node-gpu, node, wasm or cpu (default: $XLNLU_BACKEND, else the fastest that loads)' },
    threads: { type: 'string', help: 'threads of the native core (default: $XLNLU_THREADS, else the machine’s cores)' },
    resume: { type: 'boolean', default: false, help: 'go on from the run’s last checkpoint' },
  },
});
if (!values.config || !values['runs-dir'] || !values.evaluate) throw new Error('run-one needs --config, --runs-dir and --evaluate');
if (values.partition !== 'test' && values.partition !== 'dev')
  throw new Error(`--partition: expected test or dev, got ${values.partition}`);
const evaluatedPartition = values.partition;

async function main(config: string, runsDir: string, evaluate: string): Promise<void> {
  const started = performance.now();
  const dataRoot = resolveDataRoot();
  const log = terminalLog();
  await includeFamilies();
  // through the run's log, so that the backend line too carries its time in the worker's log file
  const compute = await selectBackend({ backend: values.backend, threads: values.threads, log });
  const locales = evaluate.split(',').map((locale) => parseLocale(locale, '--evaluate'));
  // held from training to the completion mark (trainRun takes it again inside: it is re-entrant)
  const lock = DirectoryLock.acquire(path.join(runsDir, readExperimentConfig(config).name), 'grid worker');
  try {
    const { run, config: resolved } = await trainRun({ configFile: config, runsDir, dataRoot, compute, log, resume: values.resume });
    // with predictions: the report's per-intent views and confusions read them
    for (const locale of locales)
      await evaluateRun({ runDir: run.root, locale, partition: evaluatedPartition, dataRoot, log, predictions: true });
    writeJsonAtomic(path.join(run.root, COMPLETE_FILE), {
      config: resolved,
      evaluated: locales,
      partition: evaluatedPartition,
      seconds: (performance.now() - started) / 1000,
      resumed: values.resume,
      finishedAt: new Date().toISOString(),
    });
  } finally {
    lock.release();
  }
}

// Caught here, not left to the top level: the wasm backend's own handler would print its whole
// minified source line above the error.
main(values.config, values['runs-dir'], values.evaluate).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
