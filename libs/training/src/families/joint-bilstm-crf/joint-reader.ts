import { charBigrams, hashedNgramIds, Vocabulary, wordsOf, type Locale, type NluRecord } from '@xlnlu/data';
import type { JointHostBatch, JointPrediction } from '@xlnlu/models';
import type { NluPrediction } from '../../nlu-evaluation.js';
import type { Views } from '../../views.js';
import type { JointBilstmCrfConfig } from './config.js';

export const JOINT_FORMAT = 'xlnlu.joint-bilstm-crf/1';

/** A joint model's metadata.json, as saved. */
export interface JointMetadata {
  format: typeof JOINT_FORMAT;
  config: JointBilstmCrfConfig;
  vocabulary: ReturnType<Vocabulary['toJSON']>;
  /** Character-bigram vocabulary of the optional word features; null without them. */
  charBigrams: ReturnType<Vocabulary['toJSON']> | null;
  /** The words of the fixed shared-space vectors (`fixedVectors`); null without them. */
  spaceVocabulary: ReturnType<Vocabulary['toJSON']> | null;
  tags: string[];
  intents: string[];
  /** MASSIVE intents belong to one scenario each: the domain is read off the predicted intent. */
  intentDomains: Record<string, string>;
}

/** The metadata with its vocabularies built. */
export type JointVocabularies = Omit<JointMetadata, 'vocabulary' | 'charBigrams' | 'spaceVocabulary'> & {
  vocabulary: Vocabulary;
  charBigrams: Vocabulary | null;
  spaceVocabulary: Vocabulary | null;
};

/** A record as the network reads it. */
export interface EncodedUtterance {
  words: Int32Array;
  /** Character-bigram ids of each word, for a model with char-bigram word features. */
  bigrams: Int32Array[] | null;
  /** Ids of the words in the shared space, for a model with fixed space vectors. */
  spaceWords: Int32Array | null;
  /** Hashed n-gram ids of the utterance, for a model with intent n-gram features. */
  intentNgrams: Int32Array | null;
  /** null for records without annotation (prediction only). */
  tags: Int32Array | null;
  intent: number;
}

/** metadata.json's vocabularies built and its intents checked; `file` names it in errors. */
export function jointVocabularies(metadata: JointMetadata, file: string): JointVocabularies {
  const unmapped = metadata.intents.find((intent) => typeof metadata.intentDomains[intent] !== 'string');
  if (unmapped !== undefined) throw new Error(`${file}: intent ${JSON.stringify(unmapped)} has no domain in intentDomains`);
  const vocabulary = Vocabulary.fromJSON(metadata.vocabulary, file);
  const charBigrams = metadata.charBigrams ? Vocabulary.fromJSON(metadata.charBigrams, `${file} (char bigrams)`) : null;
  const spaceVocabulary = metadata.spaceVocabulary ? Vocabulary.fromJSON(metadata.spaceVocabulary, `${file} (space vocabulary)`) : null;
  return { ...metadata, vocabulary, charBigrams, spaceVocabulary };
}

/**
 * How a joint model reads text and names its outputs: records to ids, ids to batches, predictions
 * to labels. Pure (no files, no Node): JointBilstmCrf trains and predicts with it, and a browser
 * page parses with it (apps/browser).
 */
export class JointReader {
  private readonly tagIndex: Map<string, number>;
  private readonly intentIndex: Map<string, number>;

  constructor(
    readonly metadata: JointVocabularies,
    private readonly views: Views,
  ) {
    this.tagIndex = new Map(metadata.tags.map((tag, i) => [tag, i]));
    this.intentIndex = new Map(metadata.intents.map((intent, i) => [intent, i]));
  }

  /** Prepares the romanizers of the locales about to be read (romanized char features only). */
  async prepare(locales: Iterable<Locale>): Promise<void> {
    if (this.metadata.charBigrams && this.metadata.config.charView === 'romanized') await this.views.prepare(locales);
  }

  /** Word ids and, for annotated records, tag and intent ids: computed once per record, not per epoch. */
  encode(record: Pick<NluRecord, 'tokens'> & Partial<Pick<NluRecord, 'tags' | 'intent' | 'locale'>>): EncodedUtterance {
    const outside = this.tagIndex.get('O')!;
    const bigrams = this.metadata.charBigrams;
    const { charView } = this.metadata.config;
    const words = wordsOf(record);
    const charTokens = () => {
      if (charView === 'original') return words;
      if (!record.locale) throw new Error("JointBilstmCrf.encode: romanized char features need the record's locale");
      return this.views.of({ locale: record.locale, tokens: record.tokens }, charView);
    };
    const space = this.metadata.spaceVocabulary;
    const { intentNgramBuckets, intentCharNgrams } = this.metadata.config;
    return {
      intentNgrams:
        intentNgramBuckets > 0 ? hashedNgramIds(words, intentNgramBuckets, { min: intentCharNgrams[0], max: intentCharNgrams[1] }) : null,
      words: Int32Array.from(this.metadata.vocabulary.encode(words)),
      spaceWords: space ? Int32Array.from(space.encode(words)) : null,
      bigrams: bigrams ? charTokens().map((token) => Int32Array.from(bigrams.encode(charBigrams(token)))) : null,
      tags: record.tags ? Int32Array.from(record.tags, (tag) => this.tagIndex.get(tag) ?? outside) : null,
      intent: record.intent === undefined ? 0 : (this.intentIndex.get(record.intent) ?? 0),
    };
  }

  /**
   * Padded typed arrays for encoded records (what the native step reads, and jointBatchTensors
   * turns into tensors); with `withGold`, their tags and intents. `dropWord`, drawn once per token
   * in order, hides a token's trainable row (word dropout in training).
   */
  hostBatch(examples: readonly EncodedUtterance[], withGold: boolean, dropWord?: () => boolean): JointHostBatch {
    const B = examples.length;
    const T = Math.max(1, ...examples.map((e) => e.words.length));
    const tokens = new Int32Array(B * T);
    const mask = new Float32Array(B * T);
    const tags = withGold ? new Int32Array(B * T) : null;
    const space = this.metadata.spaceVocabulary ? new Int32Array(B * T) : null;
    examples.forEach((example, b) => {
      if (withGold && !example.tags) throw new Error('JointBilstmCrf.batch: gold tags asked for a record that has none');
      example.words.forEach((id, t) => {
        tokens[b * T + t] = dropWord?.() ? Vocabulary.UNK_INDEX : id;
        mask[b * T + t] = 1;
        if (tags) tags[b * T + t] = example.tags![t]!;
        // word dropout hides the trainable row only: the word keeps its place in the space
        if (space) space[b * T + t] = example.spaceWords![t]!;
      });
    });
    const bigrams = this.metadata.charBigrams ? bigramIds(examples, T) : null;
    const ngrams = this.metadata.config.intentNgramBuckets > 0 ? ngramIds(examples) : null;
    return {
      B,
      T,
      C: bigrams?.C ?? 0,
      N: ngrams?.N ?? 0,
      tokens,
      mask,
      bigrams: bigrams?.ids ?? null,
      space,
      ngrams: ngrams?.ids ?? null,
      tags,
      intents: withGold ? Int32Array.from(examples, (e) => e.intent) : null,
    };
  }

  /** Viterbi slots, argmax intent and its probability, domain read off the intent. */
  readPredictions(predicted: JointPrediction, examples: readonly EncodedUtterance[]): NluPrediction[] {
    return examples.map((example, b) => {
      const intent = this.metadata.intents[predicted.intents[b]!]!;
      return {
        intent,
        intentProbability: predicted.intentProbabilities[b]![predicted.intents[b]!]!,
        domain: this.metadata.intentDomains[intent]!,
        tags: predicted.tags[b]!.slice(0, example.words.length).map((k) => this.metadata.tags[k]!),
      };
    });
  }
}

/** [B,N] intent n-gram ids, N the most of any utterance in the batch; 0 pads. */
function ngramIds(examples: readonly EncodedUtterance[]): { ids: Int32Array; N: number } {
  const N = Math.max(1, ...examples.map((e) => e.intentNgrams?.length ?? 0));
  const ids = new Int32Array(examples.length * N);
  examples.forEach((example, b) => {
    if (!example.intentNgrams) throw new Error('JointBilstmCrf.batch: a record was encoded without intent n-grams');
    ids.set(example.intentNgrams, b * N);
  });
  return { ids, N };
}

/** [B,T,C] bigram ids, C the most bigrams of any word in the batch; 0 pads. */
function bigramIds(examples: readonly EncodedUtterance[], T: number): { ids: Int32Array; C: number } {
  const C = Math.max(1, ...examples.flatMap((e) => (e.bigrams ?? []).map((ids) => ids.length)));
  const ids = new Int32Array(examples.length * T * C);
  examples.forEach((example, b) => {
    if (!example.bigrams) throw new Error('JointBilstmCrf.batch: a record was encoded without character bigrams');
    example.bigrams.forEach((word, t) => ids.set(word, (b * T + t) * C));
  });
  return { ids, C };
}
