export { bioRename, indexMap, type IndexMap } from './index-map.js';
export { blocksOf, freezeBlocks, inBlock, layersInBlock } from './blocks.js';
export { transferWeights, type IndexedAxes, type TransferReport } from './transfer-weights.js';
