/**
 * npx nx run train:train [-- --config=experiments/maxent-nlu-en-US.json] [--set key.path=value …] [--runs-dir=runs]
 *   [--backend=auto|node-gpu|node|wasm|cpu]   (default: $XLNLU_BACKEND, else the fastest that loads)
 *   [--threads=N]   (threads of the native core; default: $XLNLU_THREADS, else the machine's cores)
 *   [--resume]   (go on from the run's last epoch checkpoint, e.g. after a crash or kill)
 *   [--force]    (delete an existing run of the same name and train from scratch)
 *
 * Trains the experiment a config file describes into <runs-dir>/<name>: config.json (resolved,
 * with overrides), train-log.jsonl and model/. Data comes from $XLNLU_DATA_DIR or ./datasets.
 * A run directory is locked while it trains; an existing run is refused without --resume or --force.
 */
import { parseArgs } from 'node:util';
import { selectBackend } from '@xlnlu/compute';
import { resolveDataRoot } from '@xlnlu/data';
import { includeFamilies, trainRun } from '@xlnlu/training';

const { values } = parseArgs({
  options: {
    config: { type: 'string', default: 'experiments/maxent-nlu-en-US.json' },
    set: { type: 'string', multiple: true, default: [] },
    'runs-dir': { type: 'string', default: 'runs' },
    backend: { type: 'string' },
    threads: { type: 'string' },
    resume: { type: 'boolean', default: false },
    force: { type: 'boolean', default: false },
  },
  strict: true,
});

includeFamilies()
  .then(() => selectBackend({ backend: values.backend, threads: values.threads }))
  .then((compute) =>
    trainRun({
      configFile: values.config,
      overrides: values.set,
      runsDir: values['runs-dir'],
      resume: values.resume,
      force: values.force,
      compute,
      dataRoot: resolveDataRoot(),
      log: (line) => console.log(line),
    }),
  )
  .then(
    ({ run }) => console.log(`done: evaluate with npx nx run evaluate:evaluate:<locale> -- --run=${run.root}`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
