import type { tfl } from '@xlnlu/compute';

/**
 * Whether a layer belongs to a block. Layers are named `<block>/<name>` (docs/architecture.md); a dotted
 * block is inside the one before its dot, so block `decoder` holds `decoder.slots/crf`.
 */
export function inBlock(layerName: string, block: string): boolean {
  return layerName.startsWith(`${block}/`) || layerName.startsWith(`${block}.`);
}

/** The blocks a model's weighted layers form, outer ones included: embeddings, decoder, decoder.slots, … */
export function blocksOf(model: tfl.LayersModel): string[] {
  const blocks = new Set<string>();
  for (const layer of model.layers) {
    if (layer.weights.length === 0 || !layer.name.includes('/')) continue;
    const block = layer.name.slice(0, layer.name.indexOf('/'));
    const parts = block.split('.');
    parts.forEach((_, i) => blocks.add(parts.slice(0, i + 1).join('.')));
  }
  return [...blocks].sort();
}

/** The layers with weights in a block; an unknown block, or one without weights, throws listing the blocks. */
export function layersInBlock(model: tfl.LayersModel, block: string, role: string): tfl.layers.Layer[] {
  const layers = model.layers.filter((layer) => layer.weights.length > 0 && inBlock(layer.name, block));
  if (layers.length === 0)
    throw new Error(`transfer: the ${role} model has no block "${block}"; its blocks are ${blocksOf(model).join(', ')}`);
  return layers;
}

/** Stops the weights of these blocks from training (before the optimizer is made); returns the layer names. */
export function freezeBlocks(model: tfl.LayersModel, blocks: readonly string[]): string[] {
  const frozen = blocks.flatMap((block) => layersInBlock(model, block, 'target'));
  for (const layer of frozen) layer.trainable = false;
  return frozen.map((layer) => layer.name);
}
