import { tf, tfl } from '@xlnlu/compute';

/** A Layers model's topology and weights in memory; the caller decides where they go. */
export async function layersArtifacts(model: tfl.LayersModel): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return saved!;
}

/**
 * Makes the variables of every non-trainable layer non-trainable. tfjs-layers builds a layer made
 * with `trainable: false` (or loaded with it, e.g. a block frozen before saving) with variables that
 * are trainable all the same (addWeight lists them as the layer's non-trainable weights but creates
 * trainable tf.Variables), so an optimizer's minimize() would update them.
 */
export function pinFrozenWeights(model: tfl.LayersModel): tfl.LayersModel {
  for (const layer of model.layers) if (!layer.trainable) for (const weight of layer.weights) weight.trainable = false;
  return model;
}

export async function modelFromArtifacts(artifacts: tf.io.ModelArtifacts): Promise<tfl.LayersModel> {
  return pinFrozenWeights(await tfl.loadLayersModel(tf.io.fromMemory(artifacts)));
}
