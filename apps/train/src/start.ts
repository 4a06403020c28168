/**
 * npm start  (npx nx run train:start [-- --config=F] [--backend=B] [--threads=N])
 *
 * The one command after `npm ci`: makes sure the data is there (fetching it where online, else
 * saying how to point at a local copy), trains the default experiment (or resumes or reuses an
 * earlier run of it), evaluates it on the test set of each of its training locales, and prints the
 * metrics with their confidence intervals.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { selectBackend } from '@xlnlu/compute';
import { DATA_DIR_ENV, dataFiles, parseCommandLine, resolveDataRoot } from '@xlnlu/data';
import {
  evaluateRun,
  includeFamilies,
  metricLines,
  readExperimentConfig,
  readJsonFile,
  RunDirectory,
  sameExperiment,
  terminalLog,
  trainRun,
  whyNotResumable,
  type EvaluationReport,
} from '@xlnlu/training';

const { values } = parseCommandLine({
  usage: 'npm start [-- --config=F] [--backend=B] [--threads=N] [--no-fetch]',
  summary:
    'Trains the default experiment (max-ent on MASSIVE en-US) into runs/<name>, or goes on from an unfinished run of it, ' +
    'evaluates it on its test sets and prints the metrics. Data from $XLNLU_DATA_DIR or ./datasets, fetched there when missing and online.',
  options: {
    config: { type: 'string', default: 'experiments/maxent-nlu-en-US.json', help: 'the experiment config file' },
    backend: { type: 'string', help: 'auto, node-gpu, node, wasm or cpu (default: $XLNLU_BACKEND, else the fastest that loads)' },
    threads: { type: 'string', help: 'threads of the native core (default: $XLNLU_THREADS, else the machine’s cores)' },
    'no-fetch': { type: 'boolean', default: false, help: 'do not download missing data; say how to point at a local copy' },
  },
});

const RUNS = 'runs';

/** Whether a run's training finished: its log has the "done" stage (train-run.ts). */
const finished = (run: RunDirectory) => run.readLog().some((entry) => entry['stage'] === 'done');

/** The datasets:fetch command, beside this app in the workspace. */
const FETCH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'datasets', 'src', 'fetch-cli.ts');

/** The data the config needs, fetched into the data root when it is missing (datasets:fetch says how to do without internet). */
function ensureData(root: string, locales: readonly string[], fetchMissing: boolean): void {
  const missing = locales.filter((locale) => !existsSync(dataFiles.massive(root, locale)));
  if (missing.length === 0) return;
  const howTo = `set ${DATA_DIR_ENV} to a directory holding massive-1.1/data/<locale>.jsonl (here, e.g., ${DATA_DIR_ENV}=../shared/datasets)`;
  if (!fetchMissing) throw new Error(`MASSIVE ${missing.join(', ')} not in ${root}: ${howTo}`);
  console.log(`data: MASSIVE ${missing.join(', ')} not in ${root}; fetching (or ${howTo})`);
  const fetch = spawnSync(process.execPath, ['--import', 'tsx', FETCH, `--locales=${[...new Set(['en-US', ...locales])].join(',')}`], {
    stdio: 'inherit',
    env: { ...process.env, [DATA_DIR_ENV]: root },
  });
  if (fetch.status !== 0) throw new Error(`the data is not there and could not be fetched: ${howTo}`);
}

function printReport(report: EvaluationReport): void {
  console.log(`\n${report.locale} test: ${report.metrics.utterances} utterances (${report.modelType}, seed ${report.seed})`);
  for (const line of metricLines(report.metrics)) console.log(`  ${line}`);
}

async function main(): Promise<void> {
  const config = readExperimentConfig(values.config);
  const root = resolveDataRoot();
  if (config.data.dataset === 'massive') ensureData(root, config.data.trainLocales, !values['no-fetch']);
  await includeFamilies();
  const compute = await selectBackend({ backend: values.backend, threads: values.threads });
  const run = new RunDirectory(path.join(RUNS, config.name));
  const log = terminalLog();
  const earlier = existsSync(run.configFile) ? readJsonFile(run.configFile, 'run config') : undefined;
  if (earlier !== undefined && !sameExperiment(earlier, config, run.configFile))
    throw new Error(
      `${run.root} holds a run of another config: move it away, or train with npx nx run train:train -- --config=${values.config} --force`,
    );
  if (earlier !== undefined && finished(run)) {
    log(`${run.root}: trained already; evaluating it (to train again: npx nx run train:train -- --config=${values.config} --force)`);
  } else {
    // an unfinished run of this config goes on from its checkpoint, or starts again where it has none (max-ent)
    const resume = earlier !== undefined && whyNotResumable(run, config, values.config) === undefined;
    if (earlier !== undefined) log(`${run.root}: unfinished; ${resume ? 'going on from its last checkpoint' : 'training it again'}`);
    await trainRun({
      configFile: values.config,
      runsDir: RUNS,
      dataRoot: root,
      resume,
      force: earlier !== undefined && !resume,
      compute,
      log,
    });
  }
  for (const locale of config.data.trainLocales)
    printReport(await evaluateRun({ runDir: run.root, locale, partition: 'test', dataRoot: root, log }));
  console.log(`\nmetrics written to ${path.join(run.root, 'metrics')}/`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
