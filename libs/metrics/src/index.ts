export { accuracy } from './accuracy.js';
export {
  bootstrapCi,
  meanOf,
  microF1Of,
  pairedBootstrap,
  quantile,
  type BootstrapOptions,
  type ConfidenceInterval,
  type PairedBootstrapResult,
  type Statistic,
} from './bootstrap.js';
export { bioChunks, type Chunk } from './chunks.js';
export { frameAccuracy, frameCorrect, type Frame } from './frame-accuracy.js';
export {
  bioSpanScores,
  f1FromCounts,
  spanCounts,
  spanScores,
  type PrecisionRecallF1,
  type SpanCounts,
  type SpanScores,
} from './span-f1.js';
