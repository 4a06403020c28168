export { FeatureIndex } from './maxent/feature-index.js';
export { ngramFeatures, tokenFeatures, type NgramOptions } from './maxent/features.js';
export { MaxEntClassifier, type LabelledFeatures, type MaxEntJson, type MaxEntTrainingOptions } from './maxent/maxent-classifier.js';
export { bioTransitionMask } from './maxent/bio-constraints.js';
export { CrfTagger, type CrfTaggerJson, type CrfTrainingOptions, type TaggedSequence } from './maxent/crf-tagger.js';
export { forwardBackward, pathScore, viterbiPath, type ChainScores, type ForwardBackwardResult } from './crf/forward-backward.js';
export { bioConstraints, crfNegativeLogLikelihood, crfNegativeLogLikelihoodFused, CrfLayer, type CrfConstraints, type CrfLayerArgs } from './layers/crf.js';
export { JOINT_LAYERS, JointNetwork, type JointBatch, type JointNetworkConfig, type JointPrediction } from './joint/joint-network.js';
