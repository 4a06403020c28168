import path from 'node:path';
import { readWordVectors, seededRandom, Vocabulary, type NluRecord } from '@xlnlu/data';
import { bioConstraints, JointNetwork, tf, type JointBatch } from '@xlnlu/models';
import { minimizeOn, runEpochs, type EpochRecord } from '../epoch-loop.js';
import type { JointBilstmCrfConfig } from '../experiment-config.js';
import { evaluateNlu, type NluPrediction } from '../nlu-evaluation.js';
import { readLayersArtifacts, readModelFile, replaceDirectory, writeLayersArtifacts } from '../model-files.js';
import { writeJsonAtomic, type RunDirectory } from '../run-directory.js';

const FORMAT = 'xlnlu.joint-bilstm-crf/1';

interface JointMetadata {
  format: typeof FORMAT;
  config: JointBilstmCrfConfig;
  vocabulary: ReturnType<Vocabulary['toJSON']>;
  tags: string[];
  intents: string[];
  /** MASSIVE intents belong to one scenario each: the domain is read off the predicted intent. */
  intentDomains: Record<string, string>;
}

const wordsOf = (record: Pick<NluRecord, 'tokens'>) => record.tokens.map((token) => token.text.toLowerCase());

/** The joint intent + slot model with what it needs to read text and name its outputs. */
export class JointBilstmCrf {
  private readonly tagIndex: Map<string, number>;
  private readonly intentIndex: Map<string, number>;

  private constructor(
    readonly network: JointNetwork,
    private readonly metadata: Omit<JointMetadata, 'vocabulary'> & { vocabulary: Vocabulary },
  ) {
    this.tagIndex = new Map(metadata.tags.map((tag, i) => [tag, i]));
    this.intentIndex = new Map(metadata.intents.map((intent, i) => [intent, i]));
  }

  /**
   * Trains on `train` (see runEpochs), scoring dev frame accuracy after every epoch and keeping the
   * best epoch's model in the run directory; returns that model, reloaded.
   */
  static async train(
    train: readonly NluRecord[],
    dev: readonly NluRecord[],
    config: JointBilstmCrfConfig,
    seed: number,
    run: RunDirectory,
    log: (line: string) => void,
  ): Promise<{ model: JointBilstmCrf; epochs: EpochRecord[] }> {
    const vocabulary = Vocabulary.build(train.flatMap(wordsOf), { minCount: config.minCount });
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
    });
    const model = new JointBilstmCrf(network, { format: FORMAT, config, vocabulary, tags, intents, intentDomains });
    log(`vocabulary ${vocabulary.size} words, ${tags.length} tags, ${intents.length} intents`);
    if (config.pretrainedVectors) {
      const words = vocabulary.toJSON().tokens;
      const { dimension, vectors } = await readWordVectors(config.pretrainedVectors, new Set(words));
      if (dimension !== config.embeddingDim) {
        throw new Error(`${config.pretrainedVectors}: vectors have ${dimension} dimensions but model.embeddingDim is ${config.embeddingDim}`);
      }
      const covered = network.setEmbeddingRows(new Map([...vectors].map(([word, vector]) => [vocabulary.indexOf(word), vector])));
      run.log({ stage: 'joint', pretrainedVectors: config.pretrainedVectors, wordsCovered: covered, vocabulary: vocabulary.size });
      log(`pre-trained vectors for ${covered} of ${vocabulary.size} words`);
    }
    const optimizer = tf.train.adam(config.learningRate);
    const wordDropout = { rate: config.wordDropout, random: seededRandom(`${seed}:word-dropout`) };
    const epochs = await runEpochs({
      stage: 'joint',
      seed,
      maxEpochs: config.maxEpochs,
      patience: config.patience,
      batchSize: config.batchSize,
      lengths: train.map((r) => r.tokens.length),
      step: (indices) => minimizeOn(optimizer, model.batch(indices.map((i) => train[i]!), true, wordDropout), (batch) => network.loss(batch, true)),
      evaluate: () => {
        const { metrics } = evaluateNlu(dev, model.predictRecords(dev));
        const [intent, slotF1, frame] = [metrics.intentAccuracy!.estimate, metrics.slotF1!.estimate, metrics.frameAccuracy!.estimate];
        return { score: frame, summary: `dev intent ${intent.toFixed(4)}, slot F1 ${slotF1.toFixed(4)}, frame ${frame.toFixed(4)}`, details: { intent, slotF1, frame } };
      },
      save: () => model.save(run.modelDirectory),
      run,
      log,
    });
    optimizer.dispose();
    network.dispose();
    return { model: await JointBilstmCrf.load(run.modelDirectory), epochs };
  }

  /**
   * Padded tensors for records; with `withGold`, their tags and intents (unknown ones → O / first).
   * With `wordDropout`, each token id becomes UNK with that probability (training only).
   */
  batch(
    records: readonly Pick<NluRecord, 'tokens' | 'tags' | 'intent'>[],
    withGold: boolean,
    wordDropout?: { rate: number; random: () => number },
  ): JointBatch {
    const T = Math.max(1, ...records.map((r) => r.tokens.length));
    const tokens = new Int32Array(records.length * T);
    const mask = new Float32Array(records.length * T);
    const tags = new Int32Array(records.length * T);
    const outside = this.tagIndex.get('O')!;
    records.forEach((record, b) => {
      const ids = this.metadata.vocabulary.encode(wordsOf(record));
      ids.forEach((id, t) => {
        tokens[b * T + t] = wordDropout && wordDropout.rate > 0 && wordDropout.random() < wordDropout.rate ? Vocabulary.UNK_INDEX : id;
        mask[b * T + t] = 1;
        tags[b * T + t] = withGold ? (this.tagIndex.get(record.tags[t]!) ?? outside) : 0;
      });
    });
    const batch: JointBatch = { tokens: tf.tensor2d(tokens, [records.length, T], 'int32'), mask: tf.tensor2d(mask, [records.length, T]) };
    if (withGold) {
      batch.tags = tf.tensor2d(tags, [records.length, T], 'int32');
      batch.intents = tf.tensor1d(records.map((r) => this.intentIndex.get(r.intent) ?? 0), 'int32');
    }
    return batch;
  }

  /** Batched predictions (Viterbi slots, argmax intent, domain from the intent). */
  predictRecords(records: readonly Pick<NluRecord, 'tokens'>[], batchSize = 256): NluPrediction[] {
    const predictions: NluPrediction[] = [];
    for (let i = 0; i < records.length; i += batchSize) {
      const slice = records.slice(i, i + batchSize);
      const batch = this.batch(slice.map((r) => ({ ...r, tags: [], intent: '' })), false);
      const predicted = this.network.predict(batch);
      tf.dispose(Object.values(batch));
      slice.forEach((record, b) => {
        const intent = this.metadata.intents[predicted.intents[b]!]!;
        predictions.push({
          intent,
          domain: this.metadata.intentDomains[intent]!,
          tags: predicted.tags[b]!.slice(0, record.tokens.length).map((k) => this.metadata.tags[k]!),
        });
      });
    }
    return predictions;
  }

  /** Writes model.json, model.bin and metadata.json into a fresh directory, then swaps it in. */
  async save(directory: string): Promise<void> {
    const artifacts = await this.network.artifacts();
    await replaceDirectory(directory, (fresh) => {
      writeLayersArtifacts(fresh, 'model', artifacts);
      writeJsonAtomic(path.join(fresh, 'metadata.json'), { ...this.metadata, vocabulary: this.metadata.vocabulary.toJSON() });
    });
  }

  static async load(directory: string): Promise<JointBilstmCrf> {
    const metadata = JSON.parse(readModelFile(directory, 'metadata.json', 'joint-bilstm-crf').toString('utf8')) as JointMetadata;
    if (metadata.format !== FORMAT) throw new Error(`${path.join(directory, 'metadata.json')}: expected format "${FORMAT}", found ${JSON.stringify(metadata.format)}`);
    const network = await JointNetwork.fromArtifacts(readLayersArtifacts(directory, 'model', 'joint-bilstm-crf'));
    const vocabulary = Vocabulary.fromJSON(metadata.vocabulary, path.join(directory, 'metadata.json'));
    const tagsInModel = network.crf.numTags;
    if (tagsInModel !== metadata.tags.length) throw new Error(`${directory}: metadata.json has ${metadata.tags.length} tags but the model has ${tagsInModel}`);
    return new JointBilstmCrf(network, { ...metadata, vocabulary });
  }
}
