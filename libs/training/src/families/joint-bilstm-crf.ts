import path from 'node:path';
import { charBigrams, readWordVectors, resolveWordVectorsFile, seededRandom, Vocabulary, type Locale, type NluRecord } from '@xlnlu/data';
import { bioConstraints, JOINT_INDEXED_AXES, JointNetwork, tf, type JointBatch } from '@xlnlu/models';
import { checkIndexSpaces } from '@xlnlu/transfer';
import { alignSpaces, applyTransfer, recordTransfer, sourceModelDirectory, type IndexSpaces } from '../apply-transfer.js';
import type { EpochRecord } from '../loop-state.js';
import { lengthOrderedBatches } from '../batching.js';
import type { JointBilstmCrfConfig, TransferConfig } from '../experiment-config.js';
import { evaluateNlu, type NluPrediction } from '../nlu-evaluation.js';
import { readLayersArtifacts, readModelMetadata, replaceDirectory, writeLayersArtifacts } from '../model-files.js';
import type { RunDirectory } from '../run-directory.js';
import { writeJsonAtomic } from '../atomic-files.js';
import { trainNetwork } from '../train-network.js';
import { Views } from '../views.js';

const FORMAT = 'xlnlu.joint-bilstm-crf/1';

interface JointMetadata {
  format: typeof FORMAT;
  config: JointBilstmCrfConfig;
  vocabulary: ReturnType<Vocabulary['toJSON']>;
  /** Character-bigram vocabulary of the optional word features; null without them. */
  charBigrams: ReturnType<Vocabulary['toJSON']> | null;
  tags: string[];
  intents: string[];
  /** MASSIVE intents belong to one scenario each: the domain is read off the predicted intent. */
  intentDomains: Record<string, string>;
}

const wordsOf = (record: Pick<NluRecord, 'tokens'>) => record.tokens.map((token) => token.text.toLowerCase());

/** A record as the network reads it. */
export interface EncodedUtterance {
  words: Int32Array;
  /** Character-bigram ids of each word, for a model with char-bigram word features. */
  bigrams: Int32Array[] | null;
  /** null for records without annotation (prediction only). */
  tags: Int32Array | null;
  intent: number;
}

/** The joint intent + slot model with what it needs to read text and name its outputs. */
export class JointBilstmCrf {
  private readonly tagIndex: Map<string, number>;
  private readonly intentIndex: Map<string, number>;

  private constructor(
    readonly network: JointNetwork,
    private readonly metadata: Omit<JointMetadata, 'vocabulary' | 'charBigrams'> & { vocabulary: Vocabulary; charBigrams: Vocabulary | null },
    private readonly views: Views,
  ) {
    this.tagIndex = new Map(metadata.tags.map((tag, i) => [tag, i]));
    this.intentIndex = new Map(metadata.intents.map((intent, i) => [intent, i]));
  }

  /**
   * Trains on `train` (see runEpochs), scoring dev frame accuracy after every epoch and keeping the
   * best epoch's model in the run directory; returns that model, reloaded. With `transfer`, starts
   * from another joint model's blocks (logged, and written to the run's transfer.json).
   */
  static async train(
    train: readonly NluRecord[],
    dev: readonly NluRecord[],
    config: JointBilstmCrfConfig,
    seed: number,
    run: RunDirectory,
    log: (line: string) => void,
    { transfer = null, resume = false }: { transfer?: TransferConfig | null; resume?: boolean } = {},
  ): Promise<{ model: JointBilstmCrf; epochs: EpochRecord[] }> {
    const vocabulary = Vocabulary.build(train.flatMap(wordsOf), { minCount: config.minCount });
    const views = new Views();
    await views.prepare(new Set([...train, ...dev].map((r) => r.locale)));
    const bigrams = config.charBigramDim > 0 ? Vocabulary.build(train.flatMap((r) => views.of(r, config.charView).flatMap(charBigrams)), { minCount: config.minCount }) : null;
    const tags = [...new Set(['O', ...train.flatMap((r) => r.tags)])].sort();
    const intents = [...new Set(train.map((r) => r.intent))].sort();
    const intentDomains = Object.fromEntries(train.map((r) => [r.intent, r.domain]));
    const network = JointNetwork.build({
      vocabularySize: vocabulary.size,
      numTags: tags.length,
      numIntents: intents.length,
      embeddingDim: config.embeddingDim,
      encoderUnits: config.encoderUnits,
      intentHidden: config.intentHidden,
      dropout: config.dropout,
      seed,
      tagConstraints: config.bioConstraints ? bioConstraints(tags) : null,
      intentLossWeight: config.intentLossWeight,
      intentLabelSmoothing: config.intentLabelSmoothing,
      charBigrams: bigrams ? { vocabularySize: bigrams.size, dim: config.charBigramDim } : null,
    });
    const model = new JointBilstmCrf(network, { format: FORMAT, config, vocabulary, charBigrams: bigrams, tags, intents, intentDomains }, views);
    log(`vocabulary ${vocabulary.size} words${bigrams ? ` and ${bigrams.size} char bigrams` : ''}, ${tags.length} tags, ${intents.length} intents`);
    if (config.pretrainedVectors) {
      const words = vocabulary.toJSON().tokens;
      const { dimension, vectors } = await readWordVectors(resolveWordVectorsFile(config.pretrainedVectors, { log }), new Set(words));
      if (dimension !== config.embeddingDim) {
        throw new Error(`${config.pretrainedVectors}: vectors have ${dimension} dimensions but model.embeddingDim is ${config.embeddingDim}`);
      }
      const covered = network.setEmbeddingRows(new Map([...vectors].map(([word, vector]) => [vocabulary.indexOf(word), vector])));
      run.log({ stage: 'joint', pretrainedVectors: config.pretrainedVectors, wordsCovered: covered, vocabulary: vocabulary.size });
      log(`pre-trained vectors for ${covered} of ${vocabulary.size} words`);
    }
    if (transfer) {
      const source = await JointBilstmCrf.load(sourceModelDirectory(transfer.from));
      try {
        const applied = applyTransfer(transfer, [source.network.model], [network.model], JOINT_INDEXED_AXES, (space) => alignSpaces(space, source.spaces, model.spaces, transfer.labelMap));
        recordTransfer(applied, run, log);
      } finally {
        source.network.dispose();
      }
    }
    // one word-dropout stream per epoch, so a resumed run draws what an uninterrupted one would
    let wordDropout = { epoch: 0, rate: config.wordDropout, random: seededRandom(`${seed}:word-dropout:0`) };
    const wordDropoutOf = (epoch: number) => (wordDropout.epoch === epoch ? wordDropout : (wordDropout = { epoch, rate: config.wordDropout, random: seededRandom(`${seed}:word-dropout:${epoch}`) }));
    const encodedTrain = train.map((record) => model.encode(record));
    const encodedDev = dev.map((record) => model.encode(record));
    const epochs = await trainNetwork({
      models: [network.model],
      learningRate: config.learningRate,
      resume,
      batch: (indices, epoch) => model.batch(indices.map((i) => encodedTrain[i]!), true, wordDropoutOf(epoch)),
      loss: (batch) => network.loss(batch, true),
      stage: 'joint',
      seed,
      maxEpochs: config.maxEpochs,
      patience: config.patience,
      batchSize: config.batchSize,
      lengths: train.map((r) => r.tokens.length),
      evaluate: () => {
        const { metrics } = evaluateNlu(dev, model.predictEncoded(encodedDev));
        const [intent, slotF1, frame] = [metrics.intentAccuracy!.estimate, metrics.slotF1!.estimate, metrics.frameAccuracy!.estimate];
        return { score: frame, summary: `dev intent ${intent.toFixed(4)}, slot F1 ${slotF1.toFixed(4)}, frame ${frame.toFixed(4)}`, details: { intent, slotF1, frame } };
      },
      save: () => model.save(run.modelDirectory),
      run,
      log,
    });
    network.dispose();
    return { model: await JointBilstmCrf.load(run.modelDirectory), epochs };
  }

  /** The vocabularies and label sets transfer aligns (JOINT_INDEXED_AXES). */
  private get spaces(): IndexSpaces {
    const { vocabulary, charBigrams, tags, intents } = this.metadata;
    return { words: vocabulary, charBigrams, tags, intents };
  }

  /** Word ids and, for annotated records, tag and intent ids: computed once per record, not per epoch. */
  encode(record: Pick<NluRecord, 'tokens'> & Partial<Pick<NluRecord, 'tags' | 'intent' | 'locale'>>): EncodedUtterance {
    const outside = this.tagIndex.get('O')!;
    const bigrams = this.metadata.charBigrams;
    const { charView } = this.metadata.config;
    const charTokens = () => {
      if (charView === 'original') return wordsOf(record);
      if (!record.locale) throw new Error('JointBilstmCrf.encode: romanized char features need the record\'s locale');
      return this.views.of({ locale: record.locale, tokens: record.tokens }, charView);
    };
    return {
      words: Int32Array.from(this.metadata.vocabulary.encode(wordsOf(record))),
      bigrams: bigrams ? charTokens().map((token) => Int32Array.from(bigrams.encode(charBigrams(token)))) : null,
      tags: record.tags ? Int32Array.from(record.tags, (tag) => this.tagIndex.get(tag) ?? outside) : null,
      intent: record.intent === undefined ? 0 : (this.intentIndex.get(record.intent) ?? 0),
    };
  }

  /**
   * Padded tensors for encoded records; with `withGold`, their tags and intents. With
   * `wordDropout`, each token id becomes UNK with that probability (training only).
   */
  batch(examples: readonly EncodedUtterance[], withGold: boolean, wordDropout?: { rate: number; random: () => number }): JointBatch {
    const T = Math.max(1, ...examples.map((e) => e.words.length));
    const tokens = new Int32Array(examples.length * T);
    const mask = new Float32Array(examples.length * T);
    const tags = new Int32Array(examples.length * T);
    examples.forEach((example, b) => {
      if (withGold && !example.tags) throw new Error('JointBilstmCrf.batch: gold tags asked for a record that has none');
      example.words.forEach((id, t) => {
        tokens[b * T + t] = wordDropout && wordDropout.rate > 0 && wordDropout.random() < wordDropout.rate ? Vocabulary.UNK_INDEX : id;
        mask[b * T + t] = 1;
        if (withGold) tags[b * T + t] = example.tags![t]!;
      });
    });
    const batch: JointBatch = { tokens: tf.tensor2d(tokens, [examples.length, T], 'int32'), mask: tf.tensor2d(mask, [examples.length, T]) };
    if (this.metadata.charBigrams) batch.bigrams = bigramTensor(examples, T);
    if (withGold) {
      batch.tags = tf.tensor2d(tags, [examples.length, T], 'int32');
      batch.intents = tf.tensor1d(examples.map((e) => e.intent), 'int32');
    }
    return batch;
  }

  /** Prepares the romanizers of the locales about to be predicted (romanized char features only). */
  async prepare(locales: Iterable<Locale>): Promise<void> {
    if (this.metadata.charBigrams && this.metadata.config.charView === 'romanized') await this.views.prepare(locales);
  }

  /** Batched predictions (Viterbi slots, argmax intent, domain from the intent). */
  predictRecords(records: readonly (Pick<NluRecord, 'tokens'> & Partial<Pick<NluRecord, 'locale'>>)[]): NluPrediction[] {
    return this.predictEncoded(records.map((record) => this.encode(record)));
  }

  // 64–128 was fastest on wasm for en-US test (~1,300 utterances/s); 256 pads more and was ~40 % slower
  predictEncoded(examples: readonly EncodedUtterance[], batchSize = 128): NluPrediction[] {
    const predictions = new Array<NluPrediction>(examples.length);
    for (const indices of lengthOrderedBatches(examples.map((e) => e.words.length), batchSize)) {
      const batch = this.batch(indices.map((i) => examples[i]!), false);
      const predicted = this.network.predict(batch);
      tf.dispose(Object.values(batch));
      indices.forEach((i, b) => {
        const intent = this.metadata.intents[predicted.intents[b]!]!;
        predictions[i] = {
          intent,
          intentProbability: predicted.intentProbabilities[b]![predicted.intents[b]!]!,
          domain: this.metadata.intentDomains[intent]!,
          tags: predicted.tags[b]!.slice(0, examples[i]!.words.length).map((k) => this.metadata.tags[k]!),
        };
      });
    }
    return predictions;
  }

  /** Writes model.json, model.bin and metadata.json into a fresh directory, then swaps it in. */
  async save(directory: string): Promise<void> {
    const artifacts = await this.network.artifacts();
    await replaceDirectory(directory, (fresh) => {
      writeLayersArtifacts(fresh, 'model', artifacts);
      writeJsonAtomic(path.join(fresh, 'metadata.json'), { ...this.metadata, vocabulary: this.metadata.vocabulary.toJSON(), charBigrams: this.metadata.charBigrams?.toJSON() ?? null });
    });
  }

  static async load(directory: string): Promise<JointBilstmCrf> {
    const { metadata, file } = readModelMetadata<JointMetadata>(directory, 'joint-bilstm-crf', FORMAT, { config: 'object', vocabulary: 'object', charBigrams: 'object?', tags: 'array', intents: 'array', intentDomains: 'object' });
    const vocabulary = Vocabulary.fromJSON(metadata.vocabulary, file);
    const bigrams = metadata.charBigrams ? Vocabulary.fromJSON(metadata.charBigrams, `${file} (char bigrams)`) : null;
    const unmapped = metadata.intents.find((intent) => typeof metadata.intentDomains[intent] !== 'string');
    if (unmapped !== undefined) throw new Error(`${file}: intent ${JSON.stringify(unmapped)} has no domain in intentDomains`);
    const network = await JointNetwork.fromArtifacts(readLayersArtifacts(directory, 'model', 'joint-bilstm-crf'));
    try {
      if (Boolean(bigrams) !== network.model.inputs.length > 1) throw new Error(`${directory}: metadata.json and the model disagree on character-bigram word features`);
      const sizes = { words: vocabulary.size, tags: metadata.tags.length, intents: metadata.intents.length, ...(bigrams ? { charBigrams: bigrams.size } : {}) };
      checkIndexSpaces([network.model], JOINT_INDEXED_AXES, sizes, file);
    } catch (error) {
      network.dispose();
      throw error;
    }
    // configs saved before charView existed read the tokens as written
    return new JointBilstmCrf(network, { ...metadata, config: { ...metadata.config, charView: metadata.config.charView ?? 'original' }, vocabulary, charBigrams: bigrams }, new Views());
  }
}

/** [B,T,C] bigram ids, C the most bigrams of any word in the batch; 0 pads. */
function bigramTensor(examples: readonly EncodedUtterance[], T: number): tf.Tensor3D {
  const C = Math.max(1, ...examples.flatMap((e) => (e.bigrams ?? []).map((ids) => ids.length)));
  const values = new Int32Array(examples.length * T * C);
  examples.forEach((example, b) => {
    if (!example.bigrams) throw new Error('JointBilstmCrf.batch: a record was encoded without character bigrams');
    example.bigrams.forEach((ids, t) => values.set(ids, (b * T + t) * C));
  });
  return tf.tensor3d(values, [examples.length, T, C], 'int32');
}
