import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { tf } from '@xlnlu/compute';
import { fsyncDirectory, writeFileAtomic, writeJsonAtomic } from './atomic-files.js';
import { readJsonFile } from './json-file.js';

/** Writes TensorFlow.js Layers artifacts as `<name>.json` (topology + manifest) and `<name>.bin`. */
export function writeLayersArtifacts(directory: string, name: string, artifacts: tf.io.ModelArtifacts): void {
  const { weightData, ...rest } = artifacts;
  writeJsonAtomic(path.join(directory, `${name}.json`), {
    ...rest,
    weightsManifest: [{ paths: [`${name}.bin`], weights: artifacts.weightSpecs }],
  });
  writeFileAtomic(path.join(directory, `${name}.bin`), new Uint8Array(weightData as ArrayBuffer));
}

const BYTES_PER_VALUE: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8 };

/** The bytes a weights manifest describes; a spec with an unknown dtype or quantization is an error naming `file`. */
export function manifestBytes(specs: readonly tf.io.WeightsManifestEntry[], file: string): number {
  let total = 0;
  for (const spec of specs) {
    const perValue = spec.quantization ? { uint8: 1, uint16: 2, float16: 2 }[spec.quantization.dtype] : BYTES_PER_VALUE[spec.dtype];
    if (!perValue || !Array.isArray(spec.shape) || !spec.shape.every((n) => Number.isInteger(n) && n >= 0)) {
      throw new Error(`${file}: weight ${JSON.stringify(spec.name)} has no valid dtype and shape`);
    }
    total += perValue * spec.shape.reduce((a, b) => a * b, 1);
  }
  return total;
}

/** A weights file's bytes, checked against their manifest: a truncated or foreign file is an error naming it. */
export function readWeightBytes(file: string, specs: readonly tf.io.WeightsManifestEntry[], manifestFile: string): ArrayBuffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as Error).message}`);
  }
  const expected = manifestBytes(specs, manifestFile);
  if (bytes.byteLength !== expected)
    throw new Error(
      `${file}: ${bytes.byteLength} bytes, but ${manifestFile} describes ${expected}: the weights are truncated or belong to another model`,
    );
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** Reads what writeLayersArtifacts wrote; a missing, malformed or truncated file is an error naming it. */
export function readLayersArtifacts(directory: string, name: string, family: string): tf.io.ModelArtifacts {
  const { value, file: topologyFile } = readModelJson(directory, `${name}.json`, family);
  const topology = value as tf.io.ModelArtifacts & { weightsManifest?: Array<{ weights?: tf.io.WeightsManifestEntry[] }> };
  const specs = topology?.weightsManifest?.[0]?.weights;
  if (!topology?.modelTopology || !Array.isArray(specs))
    throw new Error(`${topologyFile}: expected a TensorFlow.js Layers model (modelTopology and weightsManifest)`);
  return {
    modelTopology: topology.modelTopology,
    weightSpecs: specs,
    weightData: readWeightBytes(modelFile(directory, `${name}.bin`, family), specs, topologyFile),
  };
}

/** A model file's path (in the published version of the directory); a missing file is an error naming the directory and asking whether it is a `family` model. */
export function modelFile(directory: string, name: string, family: string): string {
  const file = path.join(publishedDirectory(directory), name);
  if (!existsSync(file)) throw new Error(`model directory ${directory} has no ${name}: is it a ${family} model?`);
  return file;
}

/** A model file's JSON; missing or malformed, an error naming the file. */
export function readModelJson(directory: string, name: string, family: string): { value: unknown; file: string } {
  const file = modelFile(directory, name, family);
  return { value: readJsonFile(file, 'model file'), file };
}

/**
 * Where a directory written by replaceDirectory is: itself, or — when a crash came between the
 * swap's two renames — the previous version (whole: it was the published one).
 */
export function publishedDirectory(directory: string): string {
  const previous = `${directory}.previous`;
  return !existsSync(directory) && existsSync(previous) ? previous : directory;
}

/**
 * Writes a directory beside the old one, then swaps it in, so a crash never leaves half a model:
 * readers find the old version (publishedDirectory) until the new one is in place. Files are
 * flushed as they are written (writeFileAtomic); the parent is flushed after the renames.
 */
export async function replaceDirectory(directory: string, write: (fresh: string) => Promise<void> | void): Promise<void> {
  const next = `${directory}.next`;
  const previous = `${directory}.previous`;
  const parent = path.dirname(directory);
  // an earlier swap cut between its renames: put the published version back first
  if (!existsSync(directory) && existsSync(previous)) renameSync(previous, directory);
  rmSync(next, { recursive: true, force: true });
  await write(next);
  fsyncDirectory(next);
  rmSync(previous, { recursive: true, force: true });
  if (existsSync(directory)) renameSync(directory, previous);
  renameSync(next, directory);
  fsyncDirectory(parent);
  rmSync(previous, { recursive: true, force: true });
}

/**
 * A model directory's metadata.json, checked for its format and for the listed fields being
 * arrays (label sets) or objects; anything else is an error naming the file.
 */
export function readModelMetadata<T>(
  directory: string,
  family: string,
  format: string,
  fields: Readonly<Record<string, 'array' | 'object' | 'object?'>>,
): { metadata: T; file: string } {
  const { value, file } = readModelJson(directory, 'metadata.json', family);
  const metadata = value as Record<string, unknown> | null;
  if (typeof metadata !== 'object' || metadata === null || metadata['format'] !== format) {
    throw new Error(`${file}: expected format "${format}", found ${JSON.stringify(metadata?.['format'])}`);
  }
  for (const [field, kind] of Object.entries(fields)) {
    const value = metadata[field];
    const ok =
      kind === 'array'
        ? Array.isArray(value)
        : typeof value === 'object' && !Array.isArray(value) && (value !== null || kind === 'object?');
    if (!ok)
      throw new Error(
        `${file}: "${field}" must be ${kind === 'array' ? 'an array' : 'an object'}, found ${JSON.stringify(value)?.slice(0, 60)}`,
      );
  }
  return { metadata: metadata as T, file };
}
