/**
 * The grid runner's worker: trains one planned run and evaluates it, then marks it complete.
 * node --import tsx apps/experiments/src/run-one.ts --config=<resolved config> --runs-dir=<grid dir> --evaluate=en-US,es-ES [--backend=B] [--resume]
 *
 * Started with an IPC channel, it exits as soon as the runner goes away (even killed with SIGKILL),
 * so no orphan keeps writing into a run directory the next runner will clean up.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { selectBackend } from '@xlnlu/compute';
import { parseLocale, resolveDataRoot } from '@xlnlu/data';
import { evaluateRun, trainRun, writeJsonAtomic } from '@xlnlu/training';
import { COMPLETE_FILE } from './run-state.js';

if (process.send) process.on('disconnect', () => process.exit(1));

const { values } = parseArgs({
  options: {
    config: { type: 'string' },
    'runs-dir': { type: 'string' },
    evaluate: { type: 'string' },
    backend: { type: 'string' },
    resume: { type: 'boolean', default: false },
  },
  strict: true,
});
if (!values.config || !values['runs-dir'] || !values.evaluate) throw new Error('run-one needs --config, --runs-dir and --evaluate');

async function main(config: string, runsDir: string, evaluate: string): Promise<void> {
  const started = performance.now();
  const dataRoot = resolveDataRoot();
  const log = (line: string) => console.log(line);
  const compute = await selectBackend({ backend: values.backend });
  const { run, config: resolved } = await trainRun({ configFile: config, runsDir, dataRoot, compute, log, resume: values.resume });
  const locales = evaluate.split(',').map((locale) => parseLocale(locale, '--evaluate'));
  for (const locale of locales) await evaluateRun({ runDir: run.root, locale, partition: 'test', dataRoot, log });
  writeJsonAtomic(path.join(run.root, COMPLETE_FILE), { config: resolved, evaluated: locales, seconds: (performance.now() - started) / 1000, resumed: values.resume, finishedAt: new Date().toISOString() });
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
