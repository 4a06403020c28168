export {
  applyOverrides,
  experimentConfigSchema,
  parseExperimentConfig,
  sameExperiment,
  type ExperimentConfig,
} from './experiment-config.js';
export {
  familyOf,
  familyTypes,
  FAMILIES_ENV,
  includeFamilies,
  registerFamily,
  JointBilstmCrf,
  MaxEntNlu,
  NerBilstm,
  type JointBilstmCrfConfig,
  type MaxEntNluConfig,
  type NerBilstmConfig,
} from './families/registry.js';
export type { ModelFamily, TrainContext, TrainedModel } from './model-family.js';
export { NeuralModel, loadNeuralFiles, type DevScore, type NeuralNetwork, type NeuralTrainingConfig } from './families/neural-model.js';
export type { TransferConfig } from './transfer-config.js';
export { loadMassive, partition, trainingRecords } from './massive-data.js';
export { evaluateNlu, type NluItemScores, type NluMetrics, type NluPrediction } from './nlu-evaluation.js';
export { textParse, type ParsedSlot, type TextParse } from './text-parse.js';
export { RunDirectory } from './run-directory.js';
export { writeFileAtomic, writeJsonAtomic } from './atomic-files.js';
export { DirectoryLock, LockHeldError } from './directory-lock.js';
export { processCommand, processStat, type ProcessStat } from './process-table.js';
export {
  evaluateRun,
  metricLines,
  recordsReader,
  type EvaluateRunOptions,
  type EvaluationReport,
  type RecordsReader,
} from './evaluate-run.js';
export { readExperimentConfig, trainRun, whyNotResumable, type TrainRunOptions } from './train-run.js';
export { bucketedBatches } from './batching.js';
export { checkpointDirectory } from './checkpoint.js';
export { runEpochs, type EpochLoopOptions } from './epoch-loop.js';
export { formatDuration, terminalLog, timeLeft } from './progress.js';
export { HostAdam } from './host-adam.js';
export type { EpochRecord, LoopState } from './loop-state.js';
export { domainRun, gridConfigSchema, planGrid, readGridConfig, referenceRun, type GridConfig, type PlannedRun } from './grid-config.js';
export { loadDataset, DATASETS, type Dataset } from './load-dataset.js';
export { readJsonFile } from './json-file.js';
