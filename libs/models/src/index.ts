export { FeatureIndex } from './maxent/feature-index.js';
export { ngramFeatures, tokenFeatures, type NgramOptions } from './maxent/features.js';
export { MaxEntClassifier, type LabelledFeatures, type MaxEntJson, type MaxEntTrainingOptions } from './maxent/maxent-classifier.js';
export { bioTransitionMask } from './maxent/bio-constraints.js';
export { CrfTagger, type CrfTaggerJson, type CrfTrainingOptions, type TaggedSequence } from './maxent/crf-tagger.js';
export { forwardBackward, pathScore, viterbiPath, type ChainScores, type ForwardBackwardResult } from './crf/forward-backward.js';
export {
  bioConstraints,
  crfNegativeLogLikelihood,
  crfNegativeLogLikelihoodFused,
  CrfLayer,
  type CrfConstraints,
  type CrfLayerArgs,
} from './layers/crf.js';
export {
  JOINT_INDEXED_AXES,
  JOINT_LAYERS,
  jointBatchTensors,
  JointNetwork,
  type JointBatch,
  type JointHostBatch,
  type JointNetworkConfig,
  type JointPrediction,
} from './joint/joint-network.js';
export { JointHostNetwork } from './joint/joint-host-network.js';
export type { HostNetwork, HostParameter, HostTrainingStep } from './host-step.js';
export { SeededDropout, type SeededDropoutArgs } from './layers/seeded-dropout.js';
export {
  NER_INDEXED_AXES,
  NER_LAYERS,
  nerBatchTensors,
  NerNetwork,
  type NerBatch,
  type NerHostBatch,
  type NerNetworkConfig,
} from './ner/ner-network.js';
export { NerHostNetwork } from './ner/ner-host-network.js';
export { ConcatFirstMask } from './layers/concat-first-mask.js';
export { assertFinite, NonFiniteOutputError } from './non-finite.js';
export { layersArtifacts, modelFromArtifacts } from './layers/artifacts.js';
export { INDEX_SPACES, type DeclaredAxes, type IndexSpace } from './index-spaces.js';
