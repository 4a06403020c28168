import { tf, tfl } from '@xlnlu/compute';
import { layersArtifacts, modelFromArtifacts, pinFrozenWeights } from '../layers/artifacts.js';
import { BiLstm } from '../layers/bilstm.js';
import { CrfLayer, type CrfConstraints } from '../layers/crf.js';
import { ConcatFirstMask } from '../layers/concat-first-mask.js';
import { MaskedMaxPooling } from '../layers/masked-max-pooling.js';
import { MaskedMean, MaskedSum } from '../layers/masked-mean.js';
import { SeededDropout } from '../layers/seeded-dropout.js';
import { assertFinite } from '../non-finite.js';
import type { DeclaredAxes } from '../index-spaces.js';

export interface JointNetworkConfig {
  vocabularySize: number;
  numTags: number;
  numIntents: number;
  embeddingDim: number;
  /** LSTM units per direction. */
  encoderUnits: number;
  intentHidden: number;
  dropout: number;
  seed: number;
  tagConstraints: CrfConstraints | null;
  /** Weight of the intent cross-entropy against the CRF loss in the training objective. */
  intentLossWeight: number;
  /** Label smoothing of the intent cross-entropy (0 = none). */
  intentLabelSmoothing: number;
  /** Optional word features: the mean of the word's character-bigram embeddings, next to its embedding. */
  charBigrams: { vocabularySize: number; dim: number } | null;
  /**
   * Optional fixed word vectors of a shared space (one row per word of the space), beside the
   * trainable embeddings: words training never saw keep their place in the space, so a model can
   * read a language it was not trained on (zero-shot). Rows are set with setSpaceVectors.
   */
  spaceVectors?: { vocabularySize: number; dim: number } | null;
  /**
   * Optional hashed n-gram features of the whole utterance for the intent head (words, word
   * bigrams, character n-grams, as fastText's classifier): the mean of their embeddings beside the
   * pooled encoder states. Ids 1..buckets, 0 pads. `wide`: the n-grams also reach the intent
   * logits straight, through a [buckets + 1, intents] table summed over the utterance's n-grams (a
   * linear bag-of-features classifier beside the network, as in wide & deep models: the shape of
   * the max-ent intent classifier, trained with the rest), starting at zero. A sum, not a mean: the
   * mean of ~60 n-grams' rows moved the logits ~60× less per Adam step and added nothing on dev
   * (README, Study 3, intent).
   */
  intentNgrams?: { buckets: number; dim: number; wide?: boolean } | null;
}

const BIGRAM_INPUT = 'bigrams';
const SPACE_INPUT = 'space_tokens';
const NGRAM_INPUT = 'intent_ngrams';

/** Layer names: a block is a name prefix (docs/architecture.md, Transfer), so transfer can copy or freeze it. */
export const JOINT_LAYERS = {
  embeddings: 'embeddings/words',
  charBigramEmbeddings: 'embeddings/char_bigrams',
  /** Its own block: the space's vectors are data, not learnt, and a transfer leaves the target's own. */
  spaceVectors: 'space/vectors',
  encoder: 'encoder/bilstm',
  slotEmissions: 'decoder.slots/emissions',
  slotCrf: 'decoder.slots/crf',
  intentNgrams: 'decoder.intent/ngrams',
  intentWide: 'decoder.intent/wide',
  intentHidden: 'decoder.intent/hidden',
  intentOutput: 'decoder.intent/output',
} as const;

/**
 * Weight axes indexed by a vocabulary or a label set (layer → weight → axis → index space), so
 * transfer can align them: embedding rows by word or char bigram, slot outputs and CRF scores by
 * tag, intent outputs by intent.
 */
export const JOINT_INDEXED_AXES: DeclaredAxes = {
  [JOINT_LAYERS.embeddings]: { 0: { 0: 'words' } },
  [JOINT_LAYERS.charBigramEmbeddings]: { 0: { 0: 'charBigrams' } },
  [JOINT_LAYERS.spaceVectors]: { 0: { 0: 'spaceWords' } },
  [JOINT_LAYERS.slotEmissions]: { 0: { 1: 'tags' }, 1: { 0: 'tags' } },
  [JOINT_LAYERS.slotCrf]: { 0: { 0: 'tags', 1: 'tags' }, 1: { 0: 'tags' }, 2: { 0: 'tags' } },
  [JOINT_LAYERS.intentOutput]: { 0: { 1: 'intents' }, 1: { 0: 'intents' } },
  [JOINT_LAYERS.intentWide]: { 0: { 1: 'intents' } },
};

export interface JointBatch {
  /** [B,T] int32 token ids, 0 = padding. */
  tokens: tf.Tensor2D;
  /** [B,T,C] int32 character-bigram ids of each token, 0 = padding; only for a network with char bigrams. */
  bigrams?: tf.Tensor3D;
  /** [B,1,N] int32 hashed n-gram ids of each utterance (0 = padding); only for a network with intent n-grams. */
  intentNgrams?: tf.Tensor3D;
  /** [B,T] int32 ids of each token in the shared space (0 = padding, 1 = no vector); only for a network with space vectors. */
  spaceTokens?: tf.Tensor2D;
  /** [B,T] 1 for tokens, 0 for padding (left-aligned). */
  mask: tf.Tensor2D;
  /** [B,T] int32 gold tag ids (any value on padding). */
  tags?: tf.Tensor2D;
  /** [B] int32 gold intent ids. */
  intents?: tf.Tensor1D;
}

/**
 * A batch as typed arrays (what the native training step reads; `jointBatchTensors` makes the
 * tensors of it): B utterances padded to T tokens, C bigram ids per token, N n-gram ids per
 * utterance, the same layouts as JointBatch; tags and intents only with gold labels.
 */
export interface JointHostBatch {
  B: number;
  T: number;
  C: number;
  N: number;
  tokens: Int32Array;
  mask: Float32Array;
  bigrams: Int32Array | null;
  space: Int32Array | null;
  ngrams: Int32Array | null;
  tags: Int32Array | null;
  intents: Int32Array | null;
}

/** The tensors of a host batch (the caller disposes them). */
export function jointBatchTensors(host: JointHostBatch): JointBatch {
  const { B, T, C, N } = host;
  const batch: JointBatch = { tokens: tf.tensor2d(host.tokens, [B, T], 'int32'), mask: tf.tensor2d(host.mask, [B, T]) };
  if (host.bigrams) batch.bigrams = tf.tensor3d(host.bigrams, [B, T, C], 'int32');
  if (host.space) batch.spaceTokens = tf.tensor2d(host.space, [B, T], 'int32');
  if (host.ngrams) batch.intentNgrams = tf.tensor3d(host.ngrams, [B, 1, N], 'int32');
  if (host.tags) batch.tags = tf.tensor2d(host.tags, [B, T], 'int32');
  if (host.intents) batch.intents = tf.tensor1d(host.intents, 'int32');
  return batch;
}

export interface JointPrediction {
  tags: number[][];
  intents: number[];
  intentProbabilities: number[][];
}

/**
 * Joint intent + slot network of the first study: word embeddings → BiLSTM → (a) linear
 * emissions + CRF for BIO slot tags, (b) max-pooled states → MLP → intent. Loss: mean CRF
 * negative log-likelihood + mean intent cross-entropy. One seed drives initialisers and dropout.
 */
export class JointNetwork {
  private constructor(
    readonly model: tfl.LayersModel,
    readonly crf: CrfLayer,
    /** Not saved with the model: it only shapes training. */
    readonly objective = { intentLossWeight: 1, intentLabelSmoothing: 0 },
  ) {}

  static build(config: JointNetworkConfig): JointNetwork {
    const seeded = (offset: number) => tfl.initializers.glorotUniform({ seed: config.seed * 1000 + offset });
    const tokens = tfl.input({ shape: [null], dtype: 'int32', name: 'tokens' });
    /** A N(0, stddev) embedding of `ids` with padding 0 masked, seeded by `offset`. */
    const embed = (ids: tfl.SymbolicTensor, inputDim: number, outputDim: number, stddev: number, offset: number, name: string) =>
      tfl.layers
        .embedding({
          inputDim,
          outputDim,
          maskZero: true,
          embeddingsInitializer: tfl.initializers.randomNormal({ mean: 0, stddev, seed: config.seed * 1000 + offset }),
          name,
        })
        .apply(ids) as tfl.SymbolicTensor;
    let x = embed(tokens, config.vocabularySize, config.embeddingDim, 1, 1, JOINT_LAYERS.embeddings);
    const inputs = [tokens];
    if (config.charBigrams) {
      const bigrams = tfl.input({ shape: [null, null], dtype: 'int32', name: BIGRAM_INPUT });
      inputs.push(bigrams);
      const bigramEmbedded = embed(
        bigrams,
        config.charBigrams.vocabularySize,
        config.charBigrams.dim,
        1,
        9,
        JOINT_LAYERS.charBigramEmbeddings,
      );
      const wordFeatures = new MaskedMean({ name: 'embeddings/char_bigram_mean' }).apply(bigramEmbedded) as tfl.SymbolicTensor;
      x = new ConcatFirstMask({ name: 'embeddings/concat' }).apply([x, wordFeatures]) as tfl.SymbolicTensor;
    }
    if (config.spaceVectors) {
      const spaceTokens = tfl.input({ shape: [null], dtype: 'int32', name: SPACE_INPUT });
      inputs.push(spaceTokens);
      const vectors = tfl.layers
        .embedding({
          inputDim: config.spaceVectors.vocabularySize,
          outputDim: config.spaceVectors.dim,
          embeddingsInitializer: 'zeros',
          trainable: false,
          name: JOINT_LAYERS.spaceVectors,
        })
        .apply(spaceTokens) as tfl.SymbolicTensor;
      x = new ConcatFirstMask({ name: 'space/concat' }).apply([x, vectors]) as tfl.SymbolicTensor;
    }
    x = new SeededDropout({ rate: config.dropout, seed: config.seed * 1000 + 2, name: 'embeddings/dropout' }).apply(
      x,
    ) as tfl.SymbolicTensor;
    let states = new BiLstm({
      units: config.encoderUnits,
      returnSequences: true,
      seed: config.seed * 1000 + 3,
      name: JOINT_LAYERS.encoder,
    }).apply(x) as tfl.SymbolicTensor;
    states = new SeededDropout({ rate: config.dropout, seed: config.seed * 1000 + 5, name: 'encoder/dropout' }).apply(
      states,
    ) as tfl.SymbolicTensor;
    const emissions = tfl.layers
      .dense({ units: config.numTags, kernelInitializer: seeded(6), name: JOINT_LAYERS.slotEmissions })
      .apply(states) as tfl.SymbolicTensor;
    const crf = new CrfLayer({ numTags: config.numTags, constraints: config.tagConstraints, name: JOINT_LAYERS.slotCrf });
    const slotScores = crf.apply(emissions) as tfl.SymbolicTensor;
    let pooled = new MaskedMaxPooling({ name: 'decoder.intent/pool' }).apply(states) as tfl.SymbolicTensor;
    let wide: tfl.SymbolicTensor | undefined;
    if (config.intentNgrams) {
      // [B,1,N]: one "word" holding the utterance's n-grams, so MaskedMean averages them as it does a word's bigrams
      const ngramIds = tfl.input({ shape: [1, null], dtype: 'int32', name: NGRAM_INPUT });
      inputs.push(ngramIds);
      const { buckets, dim } = config.intentNgrams;
      const embedded = embed(ngramIds, buckets + 1, dim, 0.1, 10, JOINT_LAYERS.intentNgrams);
      const mean = new MaskedMean({ name: 'decoder.intent/ngram_mean' }).apply(embedded) as tfl.SymbolicTensor;
      const features = tfl.layers.flatten({ name: 'decoder.intent/ngram_flat' }).apply(mean) as tfl.SymbolicTensor;
      pooled = tfl.layers.concatenate({ name: 'decoder.intent/concat' }).apply([pooled, features]) as tfl.SymbolicTensor;
      if (config.intentNgrams.wide) {
        const table = tfl.layers
          .embedding({
            inputDim: buckets + 1,
            outputDim: config.numIntents,
            maskZero: true,
            embeddingsInitializer: 'zeros',
            name: JOINT_LAYERS.intentWide,
          })
          .apply(ngramIds) as tfl.SymbolicTensor;
        const wideSum = new MaskedSum({ name: 'decoder.intent/wide_sum' }).apply(table) as tfl.SymbolicTensor;
        wide = tfl.layers.flatten({ name: 'decoder.intent/wide_flat' }).apply(wideSum) as tfl.SymbolicTensor;
      }
    }
    const hidden = tfl.layers
      .dense({ units: config.intentHidden, activation: 'relu', kernelInitializer: seeded(7), name: JOINT_LAYERS.intentHidden })
      .apply(pooled) as tfl.SymbolicTensor;
    let intentLogits = tfl.layers
      .dense({ units: config.numIntents, kernelInitializer: seeded(8), name: JOINT_LAYERS.intentOutput })
      .apply(hidden) as tfl.SymbolicTensor;
    if (wide) intentLogits = tfl.layers.add({ name: 'decoder.intent/logits' }).apply([intentLogits, wide]) as tfl.SymbolicTensor;
    // the fixed space vectors (a `trainable: false` layer) must not drift; a loaded model is pinned by modelFromArtifacts
    const model = pinFrozenWeights(tfl.model({ inputs, outputs: [slotScores, intentLogits], name: 'joint' }));
    return new JointNetwork(model, crf, {
      intentLossWeight: config.intentLossWeight,
      intentLabelSmoothing: config.intentLabelSmoothing,
    });
  }

  /** Its Layers models (one): what checkpoints, transfer and saving go through. */
  get layersModels(): readonly tfl.LayersModel[] {
    return [this.model];
  }

  /** Wraps a loaded Layers model; throws if it lacks the CRF layer. */
  static fromModel(model: tfl.LayersModel): JointNetwork {
    const crf = model.getLayer(JOINT_LAYERS.slotCrf);
    if (!(crf instanceof CrfLayer)) throw new Error(`the model has no CRF layer named ${JOINT_LAYERS.slotCrf}`);
    return new JointNetwork(model, crf);
  }

  /** Overwrites rows of the word embedding table (e.g. with pre-trained vectors); returns how many. */
  setEmbeddingRows(rows: ReadonlyMap<number, Float32Array>): number {
    return this.setRows(JOINT_LAYERS.embeddings, rows);
  }

  /** Writes the fixed space vectors (rows by space word id); returns how many. */
  setSpaceVectors(rows: ReadonlyMap<number, Float32Array>): number {
    if (!this.model.layers.some((layer) => layer.name === JOINT_LAYERS.spaceVectors))
      throw new Error('this joint network was built without space vectors');
    return this.setRows(JOINT_LAYERS.spaceVectors, rows);
  }

  private setRows(layerName: string, rows: ReadonlyMap<number, Float32Array>): number {
    const layer = this.model.getLayer(layerName);
    const [table] = layer.getWeights();
    const [size, dimension] = table!.shape as [number, number];
    const values = table!.dataSync().slice();
    let written = 0;
    for (const [row, vector] of rows) {
      if (row < 0 || row >= size) throw new RangeError(`embedding row ${row} is outside 0..${size - 1}`);
      if (vector.length !== dimension)
        throw new Error(`embedding row ${row}: vector of ${vector.length} values, the table has ${dimension}`);
      values.set(vector, row * dimension);
      written++;
    }
    const replacement = tf.tensor2d(values, [size, dimension]);
    layer.setWeights([replacement]);
    replacement.dispose();
    return written;
  }

  /** Whether the network has a layer of that name (an optional part: JOINT_LAYERS.intentWide). */
  hasLayer(name: string): boolean {
    return this.model.layers.some((layer) => layer.name === name);
  }

  /** Whether the network reads the optional input of that name (`bigrams`, `space_tokens`). */
  reads(input: typeof BIGRAM_INPUT | typeof SPACE_INPUT | typeof NGRAM_INPUT): boolean {
    return this.model.inputNames.includes(input);
  }

  /** The model's inputs from a batch, in the model's order; a missing or unexpected optional tensor is an error. */
  private inputsOf(batch: JointBatch): tf.Tensor[] {
    const optional = [
      [BIGRAM_INPUT, batch.bigrams, 'character bigrams'],
      [SPACE_INPUT, batch.spaceTokens, 'space word ids'],
      [NGRAM_INPUT, batch.intentNgrams, 'intent n-gram ids'],
    ] as const;
    for (const [input, tensor, what] of optional) {
      if (this.reads(input) !== Boolean(tensor))
        throw new Error(
          this.reads(input)
            ? `this joint network reads ${what}: the batch has none`
            : `this joint network has no ${what} input, but the batch has them`,
        );
    }
    const byName: Record<string, tf.Tensor | undefined> = {
      tokens: batch.tokens,
      [BIGRAM_INPUT]: batch.bigrams,
      [SPACE_INPUT]: batch.spaceTokens,
      [NGRAM_INPUT]: batch.intentNgrams,
    };
    return this.model.inputNames.map((name) => byName[name]!);
  }

  /** Mean CRF NLL + intentLossWeight × mean (label-smoothed) intent cross-entropy of a batch with gold tags and intents. */
  loss(batch: JointBatch, training: boolean): tf.Scalar {
    if (!batch.tags || !batch.intents) throw new Error('JointNetwork.loss: the batch needs gold tags and intents');
    return tf.tidy(() => {
      const [emissions, logits] = this.model.apply(this.inputsOf(batch), { training }) as tf.Tensor[];
      const slotLoss = tf.mean(this.crf.negativeLogLikelihood(emissions!, batch.tags!, batch.mask));
      const intentLoss = tf.losses.softmaxCrossEntropy(
        tf.oneHot(batch.intents!, logits!.shape[1]!),
        logits!,
        undefined,
        this.objective.intentLabelSmoothing,
      );
      return tf.add(slotLoss, tf.mul(intentLoss, this.objective.intentLossWeight)) as tf.Scalar;
    });
  }

  predict(batch: JointBatch): JointPrediction {
    const [emissions, probabilities] = tf.tidy(() => {
      const [e, logits] = this.model.apply(this.inputsOf(batch), { training: false }) as tf.Tensor[];
      return [e!, tf.softmax(logits!)];
    });
    const tags = this.crf.decode(emissions, batch.mask);
    const intentProbabilities = probabilities.arraySync() as number[][];
    tf.dispose([emissions, probabilities]);
    for (const row of intentProbabilities) assertFinite(row, 'intent probabilities');
    const intents = intentProbabilities.map((row) => row.indexOf(Math.max(...row)));
    return { tags, intents, intentProbabilities };
  }

  /** The TensorFlow.js Layers artifacts (topology + weights), for the caller to write. */
  artifacts(): Promise<tf.io.ModelArtifacts> {
    return layersArtifacts(this.model);
  }

  static async fromArtifacts(artifacts: tf.io.ModelArtifacts): Promise<JointNetwork> {
    return JointNetwork.fromModel(await modelFromArtifacts(artifacts));
  }

  dispose(): void {
    this.model.dispose();
  }
}
