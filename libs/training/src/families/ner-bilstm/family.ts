import type { ModelFamily } from '../../model-family.js';
import { nerBilstmConfig, type NerBilstmConfig } from './config.js';
import { NerBilstm } from './ner-bilstm.js';

/** The NER network of the second study: char and word modules, BiLSTM classifier (README, Experiment configs). */
export const nerBilstm: ModelFamily<NerBilstmConfig> = {
  type: 'ner-bilstm',
  schema: nerBilstmConfig,
  resumes: true,
  transfers: true,
  needsIntents: false,
  train: async (context) => void (await NerBilstm.train(context)),
  load: (directory) => NerBilstm.load(directory),
};
