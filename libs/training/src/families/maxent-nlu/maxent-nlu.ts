import path from 'node:path';
import type { NluRecord } from '@xlnlu/data';
import { CrfTagger, MaxEntClassifier, ngramFeatures, tokenFeatures, type CrfTaggerJson, type MaxEntJson } from '@xlnlu/models';
import type { MaxEntNluConfig } from './config.js';
import type { NluPrediction } from '../../nlu-evaluation.js';
import { writeJsonAtomic } from '../../atomic-files.js';
import type { TrainedModel } from '../../model-family.js';
import { readModelJson } from '../../model-files.js';

const FORMAT = 'xlnlu.maxent-nlu/1';
const FILE = 'maxent-nlu.json';

interface SavedMaxEntNlu {
  format: typeof FORMAT;
  config: MaxEntNluConfig;
  domain: MaxEntJson | null;
  intent: MaxEntJson | null;
  slots: CrfTaggerJson | null;
}

/** The monolingual max-ent baselines of the first study: domain and intent classifiers and a CRF slot tagger. */
export class MaxEntNlu implements TrainedModel {
  private constructor(
    readonly config: MaxEntNluConfig,
    private readonly domain: MaxEntClassifier | null,
    private readonly intent: MaxEntClassifier | null,
    private readonly slots: CrfTagger | null,
  ) {}

  static train(
    records: readonly NluRecord[],
    config: MaxEntNluConfig,
    seed: number,
    log: (entry: Record<string, unknown>) => void,
  ): MaxEntNlu {
    const classifier = (part: 'domain' | 'intent') => {
      const options = config[part];
      if (!options) return null;
      const started = performance.now();
      const model = MaxEntClassifier.train(
        records.map((r) => ({ features: ngramFeatures(tokenTexts(r), options), label: r[part] })),
        { ...options, seed },
        (epoch, meanLoss) => log({ stage: part, epoch, meanLoss }),
      );
      log({ stage: part, done: true, seconds: (performance.now() - started) / 1000 });
      return model;
    };
    const domain = classifier('domain');
    const intent = classifier('intent');
    let slots: CrfTagger | null = null;
    if (config.slots) {
      const started = performance.now();
      slots = CrfTagger.train(
        records.map((r) => ({ features: tokenFeatures(tokenTexts(r)), tags: r.tags })),
        { ...config.slots, seed },
        (epoch, meanLoss) => log({ stage: 'slots', epoch, meanLoss }),
      );
      log({ stage: 'slots', done: true, seconds: (performance.now() - started) / 1000 });
    }
    return new MaxEntNlu(config, domain, intent, slots);
  }

  predict(record: Pick<NluRecord, 'tokens'>): NluPrediction {
    const texts = tokenTexts(record);
    const prediction: NluPrediction = {};
    if (this.domain) prediction.domain = this.domain.predict(ngramFeatures(texts, this.config.domain!));
    if (this.intent) prediction.intent = this.intent.predict(ngramFeatures(texts, this.config.intent!));
    if (this.slots) prediction.tags = this.slots.predict(tokenFeatures(texts));
    return prediction;
  }

  predictRecords(records: readonly Pick<NluRecord, 'tokens'>[]): NluPrediction[] {
    return records.map((record) => this.predict(record));
  }

  save(directory: string): void {
    const saved: SavedMaxEntNlu = {
      format: FORMAT,
      config: this.config,
      domain: this.domain?.toJSON() ?? null,
      intent: this.intent?.toJSON() ?? null,
      slots: this.slots?.toJSON() ?? null,
    };
    writeJsonAtomic(path.join(directory, FILE), saved);
  }

  static load(directory: string): MaxEntNlu {
    const { value, file } = readModelJson(directory, FILE, 'maxent-nlu');
    const saved = value as Partial<SavedMaxEntNlu> | null;
    if (saved?.format !== FORMAT) throw new Error(`${file}: expected format "${FORMAT}", found ${JSON.stringify(saved?.format)}`);
    return new MaxEntNlu(
      saved.config!,
      saved.domain ? MaxEntClassifier.fromJSON(saved.domain, `${file} (domain)`) : null,
      saved.intent ? MaxEntClassifier.fromJSON(saved.intent, `${file} (intent)`) : null,
      saved.slots ? CrfTagger.fromJSON(saved.slots, `${file} (slots)`) : null,
    );
  }
}

const tokenTexts = (record: Pick<NluRecord, 'tokens'>) => record.tokens.map((token) => token.text);
