import type { tfl } from '@xlnlu/compute';
import type { IndexedAxes } from './transfer-weights.js';

/**
 * The size of each index space as the models' weights have it, read off the declared indexed axes
 * (layer → weight → axis → space). A model whose layers disagree on a space's size is an error.
 * A layer the axes name but the models lack is skipped (optional blocks, e.g. char bigrams).
 */
export function indexSpaceSizes(models: readonly tfl.LayersModel[], indexedAxes: IndexedAxes): Map<string, number> {
  const sizes = new Map<string, { size: number; where: string }>();
  for (const model of models) {
    for (const layer of model.layers) {
      const declared = indexedAxes[layer.name];
      if (!declared) continue;
      for (const [w, axes] of Object.entries(declared)) {
        const shape = layer.weights[Number(w)]?.shape;
        if (!shape) continue;
        for (const [axis, space] of Object.entries(axes)) {
          const size = shape[Number(axis)]!;
          const where = `layer "${layer.name}" weight ${w} axis ${axis}`;
          const seen = sizes.get(space);
          if (seen && seen.size !== size)
            throw new Error(`index space "${space}" has ${seen.size} entries at ${seen.where} but ${size} at ${where}`);
          sizes.set(space, { size, where });
        }
      }
    }
  }
  return new Map([...sizes].map(([space, { size }]) => [space, size]));
}

/**
 * Checks that a model's own index spaces (vocabularies, label sets: `expected`, by space name) have
 * the sizes its weights have; a mismatch is an error naming `source` (e.g. the metadata file).
 */
export function checkIndexSpaces(
  models: readonly tfl.LayersModel[],
  indexedAxes: IndexedAxes,
  expected: Readonly<Record<string, number>>,
  source: string,
): void {
  for (const [space, size] of indexSpaceSizes(models, indexedAxes)) {
    if (!(space in expected)) continue;
    if (expected[space] !== size)
      throw new Error(
        `${source} lists ${expected[space]} ${space} but the model's weights have ${size}: the metadata does not belong to these weights`,
      );
  }
}
