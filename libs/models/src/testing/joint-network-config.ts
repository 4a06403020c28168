import type { JointNetworkConfig } from '../joint/joint-network.js';

/** A joint network small enough for specs, with nothing optional switched on; `overrides` sets sizes and parts. */
export function smallJointNetworkConfig(overrides: Partial<JointNetworkConfig> = {}): JointNetworkConfig {
  return {
    vocabularySize: 9,
    numTags: 5,
    numIntents: 3,
    embeddingDim: 4,
    encoderUnits: 5,
    intentHidden: 4,
    dropout: 0,
    seed: 1,
    tagConstraints: null,
    intentLossWeight: 1,
    intentLabelSmoothing: 0,
    charBigrams: null,
    ...overrides,
  };
}
