export { bioRename, indexMap, type IndexMap, type IndexMapOptions } from './index-map.js';
export { blocksOf, freezeBlocks, inBlock, layersInBlock } from './blocks.js';
export { transferWeights, type Alignment, type IndexedAxes, type TransferReport } from './transfer-weights.js';
export { checkIndexSpaces, indexSpaceSizes } from './index-space-sizes.js';
