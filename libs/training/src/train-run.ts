import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { hasIntents } from '@xlnlu/data';
import { applyOverrides, parseExperimentConfig, sameExperiment, type ExperimentConfig } from './experiment-config.js';
import { familyOf } from './families/registry.js';
import { writeRunData } from './run-data.js';
import { trainingData } from './training-data.js';
import { removeSharedSpace, writeSharedSpace } from './shared-space-files.js';
import { checkpointDirectory } from './checkpoint.js';
import { readJsonFile } from './json-file.js';
import { DirectoryLock, LOCK_FILE } from './directory-lock.js';
import { RunDirectory } from './run-directory.js';
import { writeJsonAtomic } from './atomic-files.js';
import { sourceCommit } from './source-commit.js';

export interface TrainRunOptions {
  configFile: string;
  overrides?: readonly string[];
  /** Where run directories go; the run is `<runsDir>/<config name>`. */
  runsDir: string;
  dataRoot: string;
  /** Go on from the run's last checkpoint (same config) instead of starting over. */
  resume?: boolean;
  /** Delete an existing run of the same name first and start clean (without it, an existing run is refused). */
  force?: boolean;
  /** What computes (backend, native core), recorded in the run's compute.json. */
  compute?: { name: string; description: string; native: string };
  log?: (line: string) => void;
}

/** Reads, overrides and validates an experiment config file. */
export function readExperimentConfig(file: string, overrides: readonly string[] = []): ExperimentConfig {
  return parseExperimentConfig(
    applyOverrides(readJsonFile(file, 'config file'), overrides),
    overrides.length > 0 ? `${file} with --set ${overrides.join(' ')}` : file,
  );
}

/** Why a run directory cannot go on under a config from its last checkpoint; undefined when it can. */
export function whyNotResumable(run: RunDirectory, config: ExperimentConfig, configSource = 'the config'): string | undefined {
  if (!familyOf(config.model.type).resumes) return `${config.name}: ${config.model.type} trains without epochs to resume; train it again`;
  if (!checkpointDirectory(run.checkpointDirectory))
    return `${run.root} has no checkpoint to resume from (one is written after every epoch)`;
  const saved = existsSync(run.configFile) ? readJsonFile(run.configFile, 'run config') : undefined;
  if (!sameExperiment(saved, config, run.configFile))
    return `${run.configFile} differs from ${configSource}: a run resumes with the config it started with`;
  return undefined;
}

/**
 * Trains the experiment a config describes into `<runsDir>/<name>`: writes the resolved config
 * first, then the model, each atomically, and logs every epoch to train-log.jsonl.
 */
export async function trainRun(options: TrainRunOptions): Promise<{ run: RunDirectory; config: ExperimentConfig }> {
  const log = options.log ?? (() => undefined);
  const config = readExperimentConfig(options.configFile, options.overrides);
  const family = familyOf(config.model.type);
  if (config.transfer && !family.transfers)
    throw new Error(`${options.configFile}: ${config.model.type} does not transfer: remove the transfer section`);
  const { dataset } = config.data;
  if (family.needsIntents && (typeof dataset === 'string' ? dataset !== 'massive' : !hasIntents(dataset)))
    throw new Error(
      `${options.configFile}: data.dataset ${typeof dataset === 'string' ? dataset : `${dataset.path} (${dataset.format})`} has entities only, and ${config.model.type} needs intents: train a family that reads tags only`,
    );
  if (config.data.sharedSpace && !family.readsWordVectors)
    throw new Error(
      `${options.configFile}: data.sharedSpace builds word vectors, and ${config.model.type} reads none: remove it or train a family that does`,
    );
  if (options.resume && options.force) throw new Error('--resume goes on from a run and --force deletes it: give one of them');
  const root = path.join(options.runsDir, config.name);
  // held while training: a second process on the same run is refused instead of mixing its files in
  const lock = DirectoryLock.acquire(root, options.resume ? 'train --resume' : 'train');
  try {
    return await trainLocked(options, config, root, log);
  } finally {
    lock.release();
  }
}

/** What a run directory holds besides its lock: empty for a new run. */
const contentsOf = (root: string) => readdirSync(root).filter((entry) => entry !== LOCK_FILE);

async function trainLocked(
  options: TrainRunOptions,
  config: ExperimentConfig,
  root: string,
  log: (line: string) => void,
): Promise<{ run: RunDirectory; config: ExperimentConfig }> {
  const existing = contentsOf(root);
  if (existing.length > 0 && !options.resume) {
    if (!options.force) {
      const finished = existsSync(path.join(root, 'model')) ? 'a trained run' : 'an unfinished run';
      throw new Error(
        `${root} already holds ${finished} (${existing.sort().join(', ')}); pass --resume to go on from its last checkpoint, --force to delete it and train from scratch, or another name (--set name=…)`,
      );
    }
    log(`--force: deleting the existing run in ${root}`);
    for (const entry of existing) rmSync(path.join(root, entry), { recursive: true, force: true });
  }
  const run = RunDirectory.create(root);
  if (options.resume) {
    const problem = whyNotResumable(run, config, `${options.configFile} with its overrides`);
    if (problem) throw new Error(problem);
  }
  writeJsonAtomic(run.configFile, config);
  if (options.compute)
    writeJsonAtomic(run.computeFile, {
      backend: options.compute.name,
      description: options.compute.description,
      native: options.compute.native,
      node: process.version,
      commit: sourceCommit(),
    });
  log(`run directory: ${run.root}`);
  const { records, dev, data, provenance } = await trainingData(config, options.configFile, options.dataRoot, run, log);
  writeRunData(run, provenance, records, { resume: options.resume ?? false });
  log(`training ${config.model.type} on ${records.length} utterances (${config.data.trainLocales.join(', ')}), seed ${config.seed}`);
  const started = performance.now();
  const sharedSpace = await writeSharedSpace(config, records, data, options.dataRoot, run, log);
  await familyOf(config.model.type).train({
    train: records,
    dev,
    config: config.model,
    seed: config.seed,
    run,
    log,
    transfer: config.transfer,
    resume: options.resume ?? false,
    sharedSpace,
  });
  removeSharedSpace(sharedSpace);
  const seconds = (performance.now() - started) / 1000;
  run.log({ stage: 'done', seconds, utterances: records.length });
  log(`trained in ${seconds.toFixed(1)} s; model saved to ${run.modelDirectory}`);
  return { run, config };
}
