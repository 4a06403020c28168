import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { tf } from '@xlnlu/models';
import { writeFileAtomic, writeJsonAtomic } from './run-directory.js';

/** Writes TensorFlow.js Layers artifacts as `<name>.json` (topology + manifest) and `<name>.bin`. */
export function writeLayersArtifacts(directory: string, name: string, artifacts: tf.io.ModelArtifacts): void {
  const { weightData, ...rest } = artifacts;
  writeJsonAtomic(path.join(directory, `${name}.json`), { ...rest, weightsManifest: [{ paths: [`${name}.bin`], weights: artifacts.weightSpecs }] });
  writeFileAtomic(path.join(directory, `${name}.bin`), new Uint8Array(weightData as ArrayBuffer));
}

/** Reads what writeLayersArtifacts wrote; a missing file is an error naming the directory. */
export function readLayersArtifacts(directory: string, name: string, family: string): tf.io.ModelArtifacts {
  const topology = JSON.parse(readModelFile(directory, `${name}.json`, family).toString('utf8')) as tf.io.ModelArtifacts & {
    weightsManifest: Array<{ weights: tf.io.WeightsManifestEntry[] }>;
  };
  const weights = readModelFile(directory, `${name}.bin`, family);
  return {
    modelTopology: topology.modelTopology,
    weightSpecs: topology.weightsManifest[0]!.weights,
    weightData: new Uint8Array(weights).buffer,
  };
}

export function readModelFile(directory: string, name: string, family: string): Buffer {
  const file = path.join(directory, name);
  if (!existsSync(file)) throw new Error(`model directory ${directory} has no ${name}: is it a ${family} model?`);
  return readFileSync(file);
}

/** Writes a model directory beside the old one, then swaps it in, so a crash never leaves half a model. */
export async function replaceDirectory(directory: string, write: (fresh: string) => Promise<void> | void): Promise<void> {
  const next = `${directory}.next`;
  const previous = `${directory}.previous`;
  rmSync(next, { recursive: true, force: true });
  await write(next);
  rmSync(previous, { recursive: true, force: true });
  if (existsSync(directory)) renameSync(directory, previous);
  renameSync(next, directory);
  rmSync(previous, { recursive: true, force: true });
}
