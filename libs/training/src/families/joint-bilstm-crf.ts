import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { readWordVectors, seededRandom, Vocabulary, type NluRecord } from '@xlnlu/data';
import { bioConstraints, JointNetwork, tf, type JointBatch } from '@xlnlu/models';
import { bucketedBatches } from '../batching.js';
import type { JointBilstmCrfConfig } from '../experiment-config.js';
import { evaluateNlu, type NluMetrics, type NluPrediction } from '../nlu-evaluation.js';
import { writeFileAtomic, writeJsonAtomic, type RunDirectory } from '../run-directory.js';

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

export interface EpochReport {
  epoch: number;
  meanLoss: number;
  trainUtterancesPerSecond: number;
  dev: NluMetrics;
  tensors: number;
  rssMiB: number;
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
   * Trains on `train`, evaluating dev frame accuracy after every epoch; keeps the best epoch's
   * model (saved to the run directory as it improves) and stops after `patience` epochs without
   * improvement. A NaN loss stops training with the batch that produced it; the last good
   * checkpoint stays on disk.
   */
  static async train(
    train: readonly NluRecord[],
    dev: readonly NluRecord[],
    config: JointBilstmCrfConfig,
    seed: number,
    run: RunDirectory,
    log: (line: string) => void,
  ): Promise<{ model: JointBilstmCrf; epochs: EpochReport[] }> {
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
    const epochs: EpochReport[] = [];
    let best = -1;
    let bestEpoch: number | undefined;
    let sinceBest = 0;
    for (let epoch = 1; epoch <= config.maxEpochs; epoch++) {
      const batches = bucketedBatches(train.map((r) => r.tokens.length), config.batchSize, `${seed}:${epoch}`);
      const started = performance.now();
      let lossSum = 0;
      let reported = 0;
      for (const [b, indices] of batches.entries()) {
        const batch = model.batch(indices.map((i) => train[i]!), true, wordDropout);
        const loss = optimizer.minimize(() => network.loss(batch, true), true)!;
        const value = (await loss.data())[0]!;
        tf.dispose([loss, ...Object.values(batch)]);
        if (!Number.isFinite(value)) {
          throw new Error(`loss is ${value} at epoch ${epoch}, batch ${b + 1} of ${batches.length}; training stopped. ` +
            (bestEpoch === undefined ? 'No checkpoint was written yet.' : `The best checkpoint (epoch ${bestEpoch}) is in ${run.modelDirectory}.`));
        }
        lossSum += value;
        const done = (b + 1) / batches.length;
        if (done - reported >= 0.1 || b + 1 === batches.length) {
          reported = done;
          const seconds = (performance.now() - started) / 1000;
          const utterances = batches.slice(0, b + 1).reduce((n, batchIndices) => n + batchIndices.length, 0);
          log(`epoch ${epoch} ${String(Math.round(done * 100)).padStart(3)}%  loss ${(lossSum / (b + 1)).toFixed(4)}  ${(utterances / seconds).toFixed(0)} utterances/s`);
        }
      }
      const trainSeconds = (performance.now() - started) / 1000;
      const devMetrics = evaluateNlu(dev, model.predictRecords(dev)).metrics;
      const report: EpochReport = {
        epoch,
        meanLoss: lossSum / batches.length,
        trainUtterancesPerSecond: train.length / trainSeconds,
        dev: devMetrics,
        tensors: tf.memory().numTensors,
        rssMiB: process.memoryUsage().rss / 2 ** 20,
      };
      epochs.push(report);
      run.log({ stage: 'joint', ...report, dev: { intent: devMetrics.intentAccuracy?.estimate, slotF1: devMetrics.slotF1?.estimate, frame: devMetrics.frameAccuracy?.estimate } });
      const frame = devMetrics.frameAccuracy!.estimate;
      log(`epoch ${epoch}: dev intent ${devMetrics.intentAccuracy!.estimate.toFixed(4)}, slot F1 ${devMetrics.slotF1!.estimate.toFixed(4)}, frame ${frame.toFixed(4)}; ${report.tensors} tensors, ${report.rssMiB.toFixed(0)} MiB`);
      if (frame > best) {
        best = frame;
        bestEpoch = epoch;
        sinceBest = 0;
        await model.save(run.modelDirectory);
        log(`  best so far: saved to ${run.modelDirectory}`);
      } else if (++sinceBest >= config.patience) {
        log(`  no better dev frame accuracy for ${config.patience} epochs: stopping`);
        break;
      }
    }
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
    // at least 2: tfjs's unstack gradient fails on an axis of size 1 (the LSTM unstacks time steps)
    const T = Math.max(2, ...records.map((r) => r.tokens.length));
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

  /** Writes model.json, weights.bin and metadata.json into a fresh directory, then swaps it in. */
  async save(directory: string): Promise<void> {
    const next = `${directory}.next`;
    rmSync(next, { recursive: true, force: true });
    const artifacts = await this.network.artifacts();
    const { weightData, ...rest } = artifacts;
    const weights = new Uint8Array(weightData as ArrayBuffer);
    writeJsonAtomic(path.join(next, 'model.json'), { ...rest, weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }] });
    writeFileAtomic(path.join(next, 'weights.bin'), weights);
    writeJsonAtomic(path.join(next, 'metadata.json'), { ...this.metadata, vocabulary: this.metadata.vocabulary.toJSON() });
    const previous = `${directory}.previous`;
    rmSync(previous, { recursive: true, force: true });
    if (existsSync(directory)) renameSync(directory, previous);
    renameSync(next, directory);
    rmSync(previous, { recursive: true, force: true });
  }

  static async load(directory: string): Promise<JointBilstmCrf> {
    const read = (name: string) => {
      const file = path.join(directory, name);
      if (!existsSync(file)) throw new Error(`model directory ${directory} has no ${name}: is it a joint-bilstm-crf model?`);
      return readFileSync(file);
    };
    const metadata = JSON.parse(read('metadata.json').toString('utf8')) as JointMetadata;
    if (metadata.format !== FORMAT) throw new Error(`${path.join(directory, 'metadata.json')}: expected format "${FORMAT}", found ${JSON.stringify(metadata.format)}`);
    const topology = JSON.parse(read('model.json').toString('utf8')) as tf.io.ModelArtifacts & { weightsManifest: Array<{ weights: tf.io.WeightsManifestEntry[] }> };
    const weights = read('weights.bin');
    const network = await JointNetwork.fromArtifacts({
      modelTopology: topology.modelTopology,
      weightSpecs: topology.weightsManifest[0]!.weights,
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
    });
    const vocabulary = Vocabulary.fromJSON(metadata.vocabulary, path.join(directory, 'metadata.json'));
    const tagsInModel = network.crf.numTags;
    if (tagsInModel !== metadata.tags.length) throw new Error(`${directory}: metadata.json has ${metadata.tags.length} tags but the model has ${tagsInModel}`);
    return new JointBilstmCrf(network, { ...metadata, vocabulary });
  }
}
