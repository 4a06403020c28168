import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { tf } from '@xlnlu/compute';
import { SeededDropout } from '@xlnlu/models';
import type { LoopState } from './loop-state.js';
import { writeFileAtomic } from './atomic-files.js';
import { readJsonFile } from './json-file.js';
import { adamRunningPowers, setAdamRunningPowers, type AdamPowers } from './adam-powers.js';
import { publishedDirectory, readWeightBytes, replaceDirectory } from './model-files.js';

interface SavedState extends LoopState {
  format: 'xlnlu.checkpoint/1';
  /** Training calls of each seeded dropout layer (their masks follow the count). */
  dropoutCalls: Record<string, number>;
  models: number;
  /**
   * Adam's running powers β₁ᵗ and β₂ᵗ as the uninterrupted run has them (a product of float32
   * multiplications); tfjs's setWeights would recompute them as pow(β, t + 1), which differs in
   * the last bits for most t, so a resumed run would drift from an uninterrupted one.
   */
  adam?: AdamPowers;
}

const STATE = 'state.json';

async function writeWeights(directory: string, name: string, tensors: { name: string; tensor: tf.Tensor }[]): Promise<void> {
  const { data, specs } = await tf.io.encodeWeights(tensors);
  writeFileAtomic(path.join(directory, `${name}.bin`), new Uint8Array(data));
  writeFileAtomic(path.join(directory, `${name}.json`), JSON.stringify(specs));
}

function readWeights(directory: string, name: string): tf.NamedTensorMap {
  const manifest = path.join(directory, `${name}.json`);
  const specs = readJsonFile(manifest, 'checkpoint file');
  if (!Array.isArray(specs)) throw new Error(`${manifest}: expected a list of weight specs`);
  const bytes = readWeightBytes(path.join(directory, `${name}.bin`), specs as tf.io.WeightsManifestEntry[], manifest);
  return tf.io.decodeWeights(bytes, specs as tf.io.WeightsManifestEntry[]);
}

const dropoutLayers = (models: readonly tf.LayersModel[]) =>
  models.flatMap((model) => model.layers).filter((layer): layer is SeededDropout => layer instanceof SeededDropout);

/**
 * Writes the training state after an epoch into `directory`, replacing the previous checkpoint
 * atomically: every model's weights, the optimizer's (Adam's step, moments and running powers),
 * the dropout call counts and the loop state.
 */
export async function saveCheckpoint(
  directory: string,
  state: LoopState,
  models: readonly tf.LayersModel[],
  optimizer: tf.Optimizer,
): Promise<void> {
  const optimizerWeights = await optimizer.getWeights();
  const adam = adamRunningPowers(optimizer);
  await replaceDirectory(directory, async (fresh) => {
    mkdirSync(fresh, { recursive: true });
    for (const [i, model] of models.entries())
      await writeWeights(
        fresh,
        `model-${i}`,
        model.weights.map((w, j) => ({ name: `${j}:${w.originalName}`, tensor: w.read() })),
      );
    await writeWeights(fresh, 'optimizer', optimizerWeights);
    // getWeights makes a fresh tensor for the step count; the moments are the optimizer's own variables
    tf.dispose(optimizerWeights.map((w) => w.tensor).filter((t) => !(t instanceof tf.Variable)));
    const saved: SavedState = {
      format: 'xlnlu.checkpoint/1',
      ...state,
      dropoutCalls: Object.fromEntries(dropoutLayers(models).map((layer) => [layer.name, layer.calls])),
      models: models.length,
      ...(adam ? { adam } : {}),
    };
    writeFileAtomic(path.join(fresh, STATE), JSON.stringify(saved));
  });
}

/** Whether a checkpoint exists (or the previous one, if a save was cut between its two renames). */
export function checkpointDirectory(directory: string): string | undefined {
  const found = publishedDirectory(directory);
  return existsSync(path.join(found, STATE)) ? found : undefined;
}

/** The checkpoint's state.json, checked field by field and against the run's epoch limit. */
function readState(file: string, models: number, maxEpochs: number): SavedState {
  const saved = readJsonFile(file, 'checkpoint file') as Partial<SavedState> | null;
  const problem = (() => {
    if (typeof saved !== 'object' || saved === null || saved.format !== 'xlnlu.checkpoint/1') return 'expected format "xlnlu.checkpoint/1"';
    if (saved.models !== models) return `it holds ${saved.models} models, this network has ${models}`;
    const { epoch, best, bestEpoch, sinceBest, epochs } = saved;
    if (!Number.isInteger(epoch) || epoch! < 1) return `"epoch" must be a positive integer, found ${JSON.stringify(epoch)}`;
    if (epoch! > maxEpochs) return `"epoch" is ${epoch}, beyond model.maxEpochs ${maxEpochs}`;
    if (!Array.isArray(epochs) || epochs.length !== epoch) return `"epochs" must list ${epoch} epoch records`;
    if (typeof best !== 'number' && best !== null) return '"best" must be a number';
    if (bestEpoch !== undefined && bestEpoch !== null && (!Number.isInteger(bestEpoch) || bestEpoch < 1 || bestEpoch > epoch!))
      return `"bestEpoch" must be an epoch from 1 to ${epoch}`;
    if (!Number.isInteger(sinceBest) || sinceBest! < 0 || sinceBest! > epoch!) return `"sinceBest" must be an integer from 0 to ${epoch}`;
    if (typeof saved.dropoutCalls !== 'object' || saved.dropoutCalls === null) return '"dropoutCalls" must be an object';
    if (saved.adam && !(Number.isFinite(saved.adam.accBeta1) && Number.isFinite(saved.adam.accBeta2)))
      return '"adam" must hold accBeta1 and accBeta2';
    return undefined;
  })();
  if (problem) throw new Error(`${file}: not a checkpoint of this run (${problem}); train again without --resume (or with --force)`);
  return saved as SavedState;
}

/**
 * Restores a checkpoint into freshly built models (same architecture) and optimizer; returns the
 * loop state to go on from. The models must be built exactly as when the checkpoint was written.
 */
export async function restoreCheckpoint(
  directory: string,
  models: readonly tf.LayersModel[],
  optimizer: tf.Optimizer,
  maxEpochs: number,
): Promise<LoopState> {
  const found = checkpointDirectory(directory);
  if (!found) throw new Error(`no checkpoint to resume from in ${directory}`);
  const saved = readState(path.join(found, STATE), models.length, maxEpochs);
  for (const [i, model] of models.entries()) {
    const weights = readWeights(found, `model-${i}`);
    try {
      const ordered = model.weights.map((w, j) => {
        const tensor = weights[`${j}:${w.originalName}`];
        if (!tensor)
          throw new Error(
            `${path.join(found, `model-${i}.json`)}: the checkpoint has no weight ${w.originalName}; was the model built with another config?`,
          );
        if (!tensor.shape.every((n, k) => n === w.shape[k]) || tensor.shape.length !== w.shape.length) {
          throw new Error(
            `${path.join(found, `model-${i}.json`)}: weight ${w.originalName} has shape [${tensor.shape}], the model [${w.shape}]`,
          );
        }
        return tensor;
      });
      model.setWeights(ordered);
    } finally {
      tf.dispose(Object.values(weights));
    }
  }
  const optimizerWeights = readWeights(found, 'optimizer');
  // setWeights makes variables of the moments (sharing their data) and reads the step count: the
  // decoded tensors themselves are ours to dispose
  await optimizer.setWeights(Object.entries(optimizerWeights).map(([name, tensor]) => ({ name, tensor })));
  tf.dispose(Object.values(optimizerWeights));
  if (saved.adam) setAdamRunningPowers(optimizer, saved.adam);
  for (const layer of dropoutLayers(models)) layer.calls = saved.dropoutCalls[layer.name] ?? 0;
  const { epoch, best, bestEpoch, sinceBest, epochs } = saved;
  // JSON has no -Infinity: a run without a dev improvement yet saved best as null
  return { epoch, best: best ?? -Infinity, bestEpoch: bestEpoch ?? undefined, sinceBest, epochs };
}
