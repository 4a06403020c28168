import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SeededDropout, tf } from '@xlnlu/models';
import type { EpochRecord } from './epoch-loop.js';
import { replaceDirectory } from './model-files.js';

type LayersModel = { layers: { name: string }[]; weights: { originalName: string; read(): tf.Tensor }[]; getWeights(): tf.Tensor[]; setWeights(weights: tf.Tensor[]): void };

/** Where the epoch loop stands after an epoch: enough to go on as if it had never stopped. */
export interface LoopState {
  epoch: number;
  best: number;
  bestEpoch: number | undefined;
  sinceBest: number;
  epochs: EpochRecord[];
}

interface SavedState extends LoopState {
  format: 'xlnlu.checkpoint/1';
  /** Training calls of each seeded dropout layer (their masks follow the count). */
  dropoutCalls: Record<string, number>;
  models: number;
}

const STATE = 'state.json';

async function writeWeights(directory: string, name: string, tensors: { name: string; tensor: tf.Tensor }[]): Promise<void> {
  const { data, specs } = await tf.io.encodeWeights(tensors);
  writeFileSync(path.join(directory, `${name}.bin`), new Uint8Array(data));
  writeFileSync(path.join(directory, `${name}.json`), JSON.stringify(specs));
}

function readWeights(directory: string, name: string): tf.NamedTensorMap {
  const specs = JSON.parse(readFileSync(path.join(directory, `${name}.json`), 'utf8')) as tf.io.WeightsManifestEntry[];
  const bytes = readFileSync(path.join(directory, `${name}.bin`));
  return tf.io.decodeWeights(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), specs);
}

const dropoutLayers = (models: readonly LayersModel[]) => models.flatMap((model) => model.layers).filter((layer): layer is SeededDropout => layer instanceof SeededDropout);

/**
 * Writes the training state after an epoch into `directory`, replacing the previous checkpoint
 * atomically: every model's weights, the optimizer's (Adam's step and moments), the dropout call
 * counts and the loop state.
 */
export async function saveCheckpoint(directory: string, state: LoopState, models: readonly LayersModel[], optimizer: tf.Optimizer): Promise<void> {
  const optimizerWeights = await optimizer.getWeights();
  await replaceDirectory(directory, async (fresh) => {
    mkdirSync(fresh, { recursive: true });
    for (const [i, model] of models.entries()) await writeWeights(fresh, `model-${i}`, model.weights.map((w, j) => ({ name: `${j}:${w.originalName}`, tensor: w.read() })));
    await writeWeights(fresh, 'optimizer', optimizerWeights);
    // getWeights makes a fresh tensor for the step count; the moments are the optimizer's own variables
    tf.dispose(optimizerWeights.map((w) => w.tensor).filter((t) => !(t instanceof tf.Variable)));
    const saved: SavedState = { format: 'xlnlu.checkpoint/1', ...state, dropoutCalls: Object.fromEntries(dropoutLayers(models).map((layer) => [layer.name, layer.calls])), models: models.length };
    writeFileSync(path.join(fresh, STATE), JSON.stringify(saved));
  });
}

/** Whether a checkpoint exists (or the previous one, if a save was cut between its two renames). */
export function checkpointDirectory(directory: string): string | undefined {
  if (existsSync(path.join(directory, STATE))) return directory;
  if (existsSync(path.join(`${directory}.previous`, STATE))) return `${directory}.previous`;
  return undefined;
}

/**
 * Restores a checkpoint into freshly built models (same architecture) and optimizer; returns the
 * loop state to go on from. The models must be built exactly as when the checkpoint was written.
 */
export async function restoreCheckpoint(directory: string, models: readonly LayersModel[], optimizer: tf.Optimizer): Promise<LoopState> {
  const found = checkpointDirectory(directory);
  if (!found) throw new Error(`no checkpoint to resume from in ${directory}`);
  const saved = JSON.parse(readFileSync(path.join(found, STATE), 'utf8')) as SavedState;
  if (saved.format !== 'xlnlu.checkpoint/1' || saved.models !== models.length) throw new Error(`${found}: not a checkpoint of this model`);
  for (const [i, model] of models.entries()) {
    const weights = readWeights(found, `model-${i}`);
    const ordered = model.weights.map((w, j) => {
      const tensor = weights[`${j}:${w.originalName}`];
      if (!tensor) throw new Error(`${found}: the checkpoint has no weight ${w.originalName}; was the model built with another config?`);
      return tensor;
    });
    model.setWeights(ordered);
    tf.dispose(Object.values(weights));
  }
  const optimizerWeights = readWeights(found, 'optimizer');
  await optimizer.setWeights(Object.entries(optimizerWeights).map(([name, tensor]) => ({ name, tensor })));
  for (const layer of dropoutLayers(models)) layer.calls = saved.dropoutCalls[layer.name] ?? 0;
  const { epoch, best, bestEpoch, sinceBest, epochs } = saved;
  return { epoch, best, bestEpoch, sinceBest, epochs };
}
