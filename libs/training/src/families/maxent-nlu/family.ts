import type { ModelFamily } from '../../model-family.js';
import { maxentNluConfig, type MaxEntNluConfig } from './config.js';
import { MaxEntNlu } from './maxent-nlu.js';

/** The first study's monolingual baselines: max-ent domain and intent classifiers, CRF slot tagger. */
export const maxentNlu: ModelFamily<MaxEntNluConfig> = {
  type: 'maxent-nlu',
  schema: maxentNluConfig,
  resumes: false,
  transfers: false,
  needsIntents: true,
  train: async ({ train, config, seed, run, log }) => {
    const model = MaxEntNlu.train(train, config, seed, (entry) => {
      run.log(entry);
      if (entry['epoch'] !== undefined)
        log(`${entry['stage']} epoch ${entry['epoch']}: mean loss ${(entry['meanLoss'] as number).toFixed(4)}`);
    });
    model.save(run.modelDirectory);
  },
  load: async (directory) => MaxEntNlu.load(directory),
};
