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
import { selectBackend } from '@xlnlu/compute';
import { parseCommandLine, resolveDataRoot } from '@xlnlu/data';
import { includeFamilies, terminalLog, trainRun } from '@xlnlu/training';

const { values } = parseCommandLine({
  usage: 'npx nx run train:train -- [--config=F] [--set key.path=value …] [options]',
  summary:
    'Trains the experiment a config file describes into <runs-dir>/<name>: config.json (resolved, with overrides), data.json, ' +
    'train-log.jsonl, model/ and checkpoint/. Data comes from $XLNLU_DATA_DIR or ./datasets, or from the file data.dataset names.',
  options: {
    config: { type: 'string', default: 'experiments/maxent-nlu-en-US.json', help: 'the experiment config file' },
    set: { type: 'string', multiple: true, default: [], help: 'override a config key: key.path=value (JSON, or a plain string)' },
    'runs-dir': { type: 'string', default: 'runs', help: 'where run directories go' },
    backend: { type: 'string', help: 'auto, node-gpu, node, wasm or cpu (default: $XLNLU_BACKEND, else the fastest that loads)' },
    threads: { type: 'string', help: 'threads of the native core (default: $XLNLU_THREADS, else the machine’s cores)' },
    resume: { type: 'boolean', default: false, help: 'go on from the run’s last epoch checkpoint (after a crash or kill)' },
    force: { type: 'boolean', default: false, help: 'delete an existing run of the same name and train from scratch' },
  },
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
      log: terminalLog(),
    }),
  )
  .then(
    ({ run }) => console.log(`done: evaluate with npx nx run evaluate:evaluate:<locale> -- --run=${run.root}`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
