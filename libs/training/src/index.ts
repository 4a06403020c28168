export { applyOverrides, experimentConfigSchema, MODEL_TYPES, parseExperimentConfig, type ExperimentConfig, type JointBilstmCrfConfig, type MaxEntNluConfig } from './experiment-config.js';
export { MaxEntNlu } from './families/maxent-nlu.js';
export { loadMassive, partition, trainingRecords } from './massive-data.js';
export { evaluateNlu, type NluItemScores, type NluMetrics, type NluPrediction } from './nlu-evaluation.js';
export { RunDirectory, writeFileAtomic, writeJsonAtomic } from './run-directory.js';
export { evaluateRun, type EvaluateRunOptions, type EvaluationReport } from './evaluate-run.js';
export { readExperimentConfig, trainRun, type TrainRunOptions } from './train-run.js';
export { bucketedBatches } from './batching.js';
export { JointBilstmCrf, type EpochReport } from './families/joint-bilstm-crf.js';
