/**
 * The `model` part of an experiment config for a joint model small enough to learn the fixture data
 * (fixture-data.ts) in seconds; `epochs` is both maxEpochs and patience (every epoch runs).
 */
export function tinyJointModel(epochs: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'joint-bilstm-crf',
    embeddingDim: 16,
    encoderUnits: 16,
    intentHidden: 16,
    batchSize: 8,
    learningRate: 0.02,
    maxEpochs: epochs,
    patience: epochs,
    ...extra,
  };
}

/**
 * The `model` part of a config for an NER network small enough to learn the fixture sentences in
 * seconds; `epochs` is both maxEpochs and patience.
 */
export function tinyNerModel(epochs: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'ner-bilstm',
    wordDim: 12,
    charDim: 8,
    charUnits: 8,
    wordUnits: 12,
    batchSize: 8,
    learningRate: 0.02,
    maxEpochs: epochs,
    patience: epochs,
    dropout: 0.1,
    ...extra,
  };
}
