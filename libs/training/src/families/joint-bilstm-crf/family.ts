import type { ModelFamily } from '../../model-family.js';
import { jointBilstmCrfConfig, type JointBilstmCrfConfig } from './config.js';
import { JointBilstmCrf } from './joint-bilstm-crf.js';

/** The joint intent + slot network of the first study (README, Experiment configs). */
export const jointBilstmCrf: ModelFamily<JointBilstmCrfConfig> = {
  type: 'joint-bilstm-crf',
  schema: jointBilstmCrfConfig,
  resumes: true,
  transfers: true,
  needsIntents: true,
  readsWordVectors: true,
  train: async (context) => void (await JointBilstmCrf.train(context)),
  load: (directory) => JointBilstmCrf.load(directory),
};
