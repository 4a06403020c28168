import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { applyOverrides, parseExperimentConfig, type ExperimentConfig } from './experiment-config.js';
import { JointBilstmCrf } from './families/joint-bilstm-crf.js';
import { MaxEntNlu } from './families/maxent-nlu.js';
import { NerBilstm } from './families/ner-bilstm.js';
import { loadDataset } from './load-dataset.js';
import { partition, trainingRecords } from './massive-data.js';
import { isDeepStrictEqual } from 'node:util';
import { checkpointDirectory } from './checkpoint.js';
import { readJsonFile } from './json-file.js';
import { RunDirectory, writeJsonAtomic } from './run-directory.js';

export interface TrainRunOptions {
  configFile: string;
  overrides?: readonly string[];
  /** Where run directories go; the run is `<runsDir>/<config name>`. */
  runsDir: string;
  dataRoot: string;
  /** Go on from the run's last checkpoint (same config) instead of starting over. */
  resume?: boolean;
  /** What computes (backend, native core), recorded in the run's compute.json. */
  compute?: { name: string; description: string; native: string };
  log?: (line: string) => void;
}

/** Reads, overrides and validates an experiment config file. */
export function readExperimentConfig(file: string, overrides: readonly string[] = []): ExperimentConfig {
  return parseExperimentConfig(applyOverrides(readJsonFile(file, 'config file'), overrides), overrides.length > 0 ? `${file} with --set ${overrides.join(' ')}` : file);
}

/** Why a run directory cannot go on under a config from its last checkpoint; undefined when it can. */
export function whyNotResumable(run: RunDirectory, config: ExperimentConfig, configSource = 'the config'): string | undefined {
  if (config.model.type === 'maxent-nlu') return `${config.name}: maxent-nlu trains without epochs to resume; train it again`;
  if (!checkpointDirectory(run.checkpointDirectory)) return `${run.root} has no checkpoint to resume from (one is written after every epoch)`;
  const saved = existsSync(run.configFile) ? (JSON.parse(readFileSync(run.configFile, 'utf8')) as unknown) : undefined;
  if (!isDeepStrictEqual(saved, JSON.parse(JSON.stringify(config)))) return `${run.configFile} differs from ${configSource}: a run resumes with the config it started with`;
  return undefined;
}

/**
 * Trains the experiment a config describes into `<runsDir>/<name>`: writes the resolved config
 * first, then the model, each atomically, and logs every epoch to train-log.jsonl.
 */
export async function trainRun(options: TrainRunOptions): Promise<{ run: RunDirectory; config: ExperimentConfig }> {
  const log = options.log ?? (() => undefined);
  const config = readExperimentConfig(options.configFile, options.overrides);
  if (config.transfer && config.model.type === 'maxent-nlu') throw new Error(`${options.configFile}: transfer applies to the neural models (joint-bilstm-crf, ner-bilstm), not to maxent-nlu`);
  if (config.data.dataset !== 'massive' && config.model.type !== 'ner-bilstm') throw new Error(`${options.configFile}: data.dataset ${config.data.dataset} has entities only; it trains the ner-bilstm model, not ${config.model.type}`);
  const run = RunDirectory.create(path.join(options.runsDir, config.name));
  if (options.resume) {
    const problem = whyNotResumable(run, config, `${options.configFile} with its overrides`);
    if (problem) throw new Error(problem);
  }
  writeJsonAtomic(run.configFile, config);
  if (options.compute) writeJsonAtomic(path.join(run.root, 'compute.json'), { backend: options.compute.name, description: options.compute.description, native: options.compute.native, node: process.version });
  log(`run directory: ${run.root}`);
  const data = await loadDataset(options.dataRoot, config.data.dataset, config.data.trainLocales, log);
  const records = trainingRecords(data, config.data.trainLimit, config.seed, config.data.trainLimits);
  log(`training ${config.model.type} on ${records.length} utterances (${config.data.trainLocales.join(', ')}), seed ${config.seed}`);
  const started = performance.now();
  switch (config.model.type) {
    case 'maxent-nlu': {
      const model = MaxEntNlu.train(records, config.model, config.seed, (entry) => {
        run.log(entry);
        if (entry['epoch'] !== undefined) log(`${entry['stage']} epoch ${entry['epoch']}: mean loss ${(entry['meanLoss'] as number).toFixed(4)}`);
      });
      model.save(run.modelDirectory);
      break;
    }
    case 'joint-bilstm-crf': {
      const dev = [...data.values()].flatMap((records) => partition(records, 'dev'));
      const { model } = await JointBilstmCrf.train(records, dev, config.model, config.seed, run, log, { transfer: config.transfer, resume: options.resume });
      model.network.dispose();
      break;
    }
    case 'ner-bilstm': {
      const dev = [...data.values()].flatMap((records) => partition(records, 'dev'));
      const { model } = await NerBilstm.train(records, dev, config.model, config.seed, run, log, { transfer: config.transfer, resume: options.resume });
      model.network.dispose();
      break;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  run.log({ stage: 'done', seconds, utterances: records.length });
  log(`trained in ${seconds.toFixed(1)} s; model saved to ${run.modelDirectory}`);
  return { run, config };
}
