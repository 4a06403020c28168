import type { tfl } from '@xlnlu/compute';
import { tf } from '@xlnlu/compute';
import { layersInBlock } from './blocks.js';
import type { IndexMap } from './index-map.js';

/**
 * Axes of a layer's weights that are indexed by a vocabulary or a label set, by layer name, then
 * weight index, then axis: e.g. the word embedding's rows by "words", a CRF's transitions on both
 * axes by "tags". A model family declares them; their maps come from its vocabularies and labels.
 */
export type IndexedAxes = Readonly<Record<string, Readonly<Record<number, Readonly<Record<number, string>>>>>>;

/** The index maps by space, or a function making the one asked for (so unused spaces are never aligned). */
export type Alignment = Readonly<Record<string, IndexMap>> | ((space: string) => IndexMap | undefined);

export interface TransferReport {
  blocks: string[];
  layers: { layer: string; weights: number }[];
  /** Per index space: target entries that took source weights, of how many. */
  carriedOver: Record<string, { matched: number; of: number }>;
}

/**
 * Copies the weights of `blocks` from `source` into `target` (same layer names). Axes listed in
 * `indexedAxes` are aligned through the map `alignment` gives for their index space (asked only for
 * the spaces the copied layers use; target entries without a source keep their initial values);
 * every other axis must have the same size in both. Throws, naming the layer and weight, on a
 * missing layer, a shape mismatch or a missing map.
 */
export function transferWeights(
  source: tfl.LayersModel,
  target: tfl.LayersModel,
  blocks: readonly string[],
  indexedAxes: IndexedAxes,
  alignment: Alignment,
): TransferReport {
  const cache = new Map<string, IndexMap | undefined>();
  const mapFor = (space: string) => {
    if (!cache.has(space)) cache.set(space, typeof alignment === 'function' ? alignment(space) : alignment[space]);
    return cache.get(space);
  };
  const report: TransferReport = { blocks: [...blocks], layers: [], carriedOver: {} };
  for (const block of blocks) {
    layersInBlock(source, block, 'source');
    for (const targetLayer of layersInBlock(target, block, 'target')) {
      let sourceLayer: tfl.layers.Layer;
      try {
        sourceLayer = source.getLayer(targetLayer.name);
      } catch {
        throw new Error(
          `transfer: the source model has no layer "${targetLayer.name}" (block ${block}); its layers are ${source.layers
            .filter((l) => l.weights.length > 0)
            .map((l) => l.name)
            .join(', ')}`,
        );
      }
      const sourceWeights = sourceLayer.getWeights();
      const targetWeights = targetLayer.getWeights();
      if (sourceWeights.length !== targetWeights.length) {
        throw new Error(
          `transfer: layer "${targetLayer.name}" has ${sourceWeights.length} weights in the source and ${targetWeights.length} in the target`,
        );
      }
      const merged = targetWeights.map((weight, w) => {
        const axes = indexedAxes[targetLayer.name]?.[w] ?? {};
        const name = `layer "${targetLayer.name}" weight ${w} (${targetLayer.weights[w]!.name})`;
        for (const [axis, space] of Object.entries(axes)) {
          const map = mapFor(space);
          if (!map) throw new Error(`transfer: ${name} is indexed by ${space} on axis ${axis}, but no ${space} alignment was given`);
          report.carriedOver[space] = { matched: map.matched, of: map.targetSize };
        }
        return mergeAligned(
          sourceWeights[w]!,
          weight,
          Object.fromEntries(Object.entries(axes).map(([axis, space]) => [Number(axis), mapFor(space)!])),
          name,
        );
      });
      targetLayer.setWeights(merged);
      tf.dispose(merged);
      report.layers.push({ layer: targetLayer.name, weights: merged.length });
    }
  }
  return report;
}

/** The target weight with every entry that has a source (on all aligned axes) replaced by it. */
function mergeAligned(source: tf.Tensor, target: tf.Tensor, alignedAxes: Record<number, IndexMap>, name: string): tf.Tensor {
  const rank = target.shape.length;
  if (source.shape.length !== rank)
    throw new Error(`transfer: ${name} has shape [${source.shape}] in the source and [${target.shape}] in the target`);
  for (let axis = 0; axis < rank; axis++) {
    const map = alignedAxes[axis];
    if (map && map.targetSize !== target.shape[axis])
      throw new Error(
        `transfer: ${name} has ${target.shape[axis]} entries on axis ${axis} but the ${map.space} alignment has ${map.targetSize}`,
      );
    if (map && map.sourceOfTarget.some((i) => i >= source.shape[axis]!))
      throw new Error(`transfer: the ${map.space} alignment points past the source's ${source.shape[axis]} entries of ${name}`);
    if (!map && source.shape[axis] !== target.shape[axis])
      throw new Error(`transfer: ${name} has shape [${source.shape}] in the source and [${target.shape}] in the target`);
  }
  const from = source.dataSync();
  const values = target.dataSync().slice();
  const sourceStrides = stridesOf(source.shape);
  const targetStrides = stridesOf(target.shape);
  const index = new Array<number>(rank).fill(0);
  for (let flat = 0; flat < values.length; flat++) {
    let rest = flat;
    let sourceFlat = 0;
    let mapped = true;
    for (let axis = 0; axis < rank; axis++) {
      index[axis] = Math.floor(rest / targetStrides[axis]!);
      rest -= index[axis]! * targetStrides[axis]!;
      const map = alignedAxes[axis];
      const at = map ? map.sourceOfTarget[index[axis]!]! : index[axis]!;
      if (at < 0) {
        mapped = false;
        break;
      }
      sourceFlat += at * sourceStrides[axis]!;
    }
    if (mapped) values[flat] = from[sourceFlat]!;
  }
  return tf.tensor(values, target.shape, target.dtype);
}

function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let axis = shape.length - 2; axis >= 0; axis--) strides[axis] = strides[axis + 1]! * shape[axis + 1]!;
  return strides;
}
