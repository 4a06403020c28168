import { charBigrams, hashedNgramIds, Vocabulary, wordsOf, type Locale, type NluRecord } from '@xlnlu/data';
import type { JointWordFeatures } from '@xlnlu/compute';
import { MaxEntClassifier, type JointHostBatch, type JointPrediction, type MaxEntJson } from '@xlnlu/models';
import type { NluPrediction } from '../../nlu-evaluation.js';
import type { Views } from '../../views.js';
import type { JointBilstmCrfConfig } from './config.js';
import { combineIntentDistributions, expertColumns, intentExpertFeatures } from './intent-expert.js';

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
  /** The linear intent expert (`intentExpert`); null or absent (models saved before it existed) without it. */
  intentExpert?: MaxEntJson | null;
}

/** The metadata with its vocabularies (and intent expert) built. */
export type JointVocabularies = Omit<JointMetadata, 'vocabulary' | 'charBigrams' | 'spaceVocabulary' | 'intentExpert'> & {
  vocabulary: Vocabulary;
  charBigrams: Vocabulary | null;
  spaceVocabulary: Vocabulary | null;
  intentExpert: MaxEntClassifier | null;
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
  /** The intent expert's features of the utterance, for a model with one. */
  expertFeatures: string[] | null;
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
  if (Boolean(metadata.intentExpert) !== Boolean(metadata.config.intentExpert))
    throw new Error(
      `${file}: config.intentExpert is ${Boolean(metadata.config.intentExpert)} but the file ${metadata.intentExpert ? 'has' : 'lacks'} an intentExpert`,
    );
  const intentExpert = metadata.intentExpert ? MaxEntClassifier.fromJSON(metadata.intentExpert, `${file} (intentExpert)`) : null;
  return { ...metadata, vocabulary, charBigrams, spaceVocabulary, intentExpert };
}

/**
 * How a joint model reads text and names its outputs: records to ids, ids to batches, predictions
 * to labels. Pure (no files, no Node): JointBilstmCrf trains and predicts with it, and a browser
 * page parses with it (apps/browser).
 */
export class JointReader {
  private readonly tagIndex: Map<string, number>;
  private readonly intentIndex: Map<string, number>;
  /** Each intent's column in the expert's distribution, when there is an expert. */
  private readonly expertColumns: Int32Array | null;

  /** Each vocabulary word's char-bigram ids, made on first use: a known word's are its spelling's, whatever the utterance. */
  private readonly knownBigrams: (Int32Array | undefined)[] = [];

  constructor(
    readonly metadata: JointVocabularies,
    private readonly views: Views,
  ) {
    this.tagIndex = new Map(metadata.tags.map((tag, i) => [tag, i]));
    this.intentIndex = new Map(metadata.intents.map((intent, i) => [intent, i]));
    this.expertColumns = metadata.intentExpert ? expertColumns(metadata.intents, metadata.intentExpert) : null;
  }

  /** Prepares the romanizers of the locales about to be read (romanized char features only). */
  async prepare(locales: Iterable<Locale>): Promise<void> {
    if (this.metadata.charBigrams && this.metadata.config.charView === 'romanized') await this.views.prepare(locales);
  }

  /**
   * Word ids and, for annotated records, tag and intent ids: computed once per record, not per epoch.
   * Per-record paths here loop rather than make a closure per record or word: run through tsx,
   * every closure made is wrapped in esbuild's `__name`, which was a fifth of encoding's time
   * (tools/bench/src/profile-evaluate.ts).
   */
  encode(record: Pick<NluRecord, 'tokens'> & Partial<Pick<NluRecord, 'tags' | 'intent' | 'locale'>>): EncodedUtterance {
    const bigrams = this.metadata.charBigrams;
    const { charView, intentNgramBuckets, intentCharNgrams } = this.metadata.config;
    const words = wordsOf(record);
    const ids = new Int32Array(words.length);
    for (let t = 0; t < words.length; t++) ids[t] = this.metadata.vocabulary.indexOf(words[t]!);
    const space = this.metadata.spaceVocabulary;
    let spaceWords: Int32Array | null = null;
    if (space) {
      spaceWords = new Int32Array(words.length);
      for (let t = 0; t < words.length; t++) spaceWords[t] = space.indexOf(words[t]!);
    }
    let wordBigrams: Int32Array[] | null = null;
    if (bigrams && charView === 'original') {
      wordBigrams = new Array<Int32Array>(words.length);
      for (let t = 0; t < words.length; t++) wordBigrams[t] = this.bigramsOf(words[t]!, ids[t]!);
    } else if (bigrams) {
      if (!record.locale) throw new Error("JointBilstmCrf.encode: romanized char features need the record's locale");
      const readings = this.views.of({ locale: record.locale, tokens: record.tokens }, charView);
      wordBigrams = readings.map((token) => Int32Array.from(bigrams.encode(charBigrams(token))));
    }
    let tags: Int32Array | null = null;
    if (record.tags) {
      const outside = this.tagIndex.get('O')!;
      tags = new Int32Array(record.tags.length);
      for (let t = 0; t < record.tags.length; t++) tags[t] = this.tagIndex.get(record.tags[t]!) ?? outside;
    }
    return {
      intentNgrams:
        intentNgramBuckets > 0 ? hashedNgramIds(words, intentNgramBuckets, { min: intentCharNgrams[0], max: intentCharNgrams[1] }) : null,
      expertFeatures: this.metadata.intentExpert ? intentExpertFeatures(words) : null,
      words: ids,
      spaceWords,
      bigrams: wordBigrams,
      tags,
      intent: record.intent === undefined ? 0 : (this.intentIndex.get(record.intent) ?? 0),
    };
  }

  /** A word's char-bigram ids (original spelling); a vocabulary word's (id above UNK) made once and shared, so never to be written to. */
  private bigramsOf(word: string, id: number): Int32Array {
    const known = this.knownBigrams[id];
    if (known) return known;
    const ids = Int32Array.from(this.metadata.charBigrams!.encode(charBigrams(word)));
    if (id > Vocabulary.UNK_INDEX) this.knownBigrams[id] = ids;
    return ids;
  }

  /**
   * What each vocabulary word's tokens read besides the word's own row, where that follows from the
   * word (JointHostNetwork folds it into the word's prediction table): its char bigrams (the
   * original spelling's: `encode` takes them from the lower-cased word, as here) and its place in
   * the space. Padding and the unknown word are not folded (their tokens' spellings vary); null with
   * romanized char features, which come from the utterance's reading rather than the word.
   */
  wordFeatures(): JointWordFeatures | null {
    const { vocabulary, charBigrams: bigrams, spaceVocabulary: space } = this.metadata;
    if (bigrams && this.metadata.config.charView !== 'original') return null;
    const V = vocabulary.size;
    const folded = new Uint8Array(V);
    const words = Array.from({ length: V }, (_, v) => (v > Vocabulary.UNK_INDEX ? vocabulary.tokenAt(v) : null));
    const bigramRows = words.map((word, v) => (bigrams && word !== null ? this.bigramsOf(word, v) : []));
    let C = 1; // a loop, not Math.max(...rows): a zero-shot vocabulary has more words than a call takes arguments
    for (const row of bigramRows) C = Math.max(C, row.length);
    const bigramIds = bigrams ? new Int32Array(V * C) : null;
    const spaceIds = space ? new Int32Array(V) : null;
    words.forEach((word, v) => {
      if (word === null) return;
      folded[v] = 1;
      bigramIds?.set(bigramRows[v]!, v * C);
      if (spaceIds) spaceIds[v] = space!.indexOf(word);
    });
    return { folded, bigrams: bigramIds, C, space: spaceIds };
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
    for (let b = 0; b < B; b++) {
      const example = examples[b]!;
      if (withGold && !example.tags) throw new Error('JointBilstmCrf.batch: gold tags asked for a record that has none');
      for (let t = 0; t < example.words.length; t++) {
        tokens[b * T + t] = dropWord?.() ? Vocabulary.UNK_INDEX : example.words[t]!;
        mask[b * T + t] = 1;
        if (tags) tags[b * T + t] = example.tags![t]!;
        // word dropout hides the trainable row only: the word keeps its place in the space
        if (space) space[b * T + t] = example.spaceWords![t]!;
      }
    }
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

  /** Viterbi slots, argmax intent (of the network, or of it and its intent expert) and its probability, domain read off the intent. */
  readPredictions(predicted: JointPrediction, examples: readonly EncodedUtterance[]): NluPrediction[] {
    const predictions = new Array<NluPrediction>(examples.length);
    const expert = this.metadata.intentExpert;
    for (let b = 0; b < examples.length; b++) {
      let best = predicted.intents[b]!;
      let probability = predicted.intentProbabilities[b]![best]!;
      if (expert) {
        const features = examples[b]!.expertFeatures;
        if (!features) throw new Error('JointReader.readPredictions: a record was encoded without the intent expert’s features');
        const combined = combineIntentDistributions(predicted.intentProbabilities[b]!, expert.probabilities(features), this.expertColumns!);
        best = 0;
        for (let i = 1; i < combined.length; i++) if (combined[i]! > combined[best]!) best = i;
        probability = combined[best]!;
      }
      const intent = this.metadata.intents[best]!;
      const ids = predicted.tags[b]!;
      const tags = new Array<string>(examples[b]!.words.length);
      for (let t = 0; t < tags.length; t++) tags[t] = this.metadata.tags[ids[t]!]!;
      predictions[b] = {
        intent,
        intentProbability: probability,
        domain: this.metadata.intentDomains[intent]!,
        tags,
      };
    }
    return predictions;
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
  let C = 1;
  for (const example of examples) {
    if (!example.bigrams) throw new Error('JointBilstmCrf.batch: a record was encoded without character bigrams');
    for (const word of example.bigrams) C = Math.max(C, word.length);
  }
  const ids = new Int32Array(examples.length * T * C);
  for (let b = 0; b < examples.length; b++) {
    const words = examples[b]!.bigrams!;
    for (let t = 0; t < words.length; t++) ids.set(words[t]!, (b * T + t) * C);
  }
  return { ids, C };
}
