import { tf, tfl } from '@xlnlu/compute';
import { layersArtifacts, modelFromArtifacts } from '../layers/artifacts.js';
import { ConcatFirstMask } from '../layers/concat-first-mask.js';
import { BiLstm } from '../layers/bilstm.js';
import { CrfLayer, type CrfConstraints } from '../layers/crf.js';
import { SeededDropout } from '../layers/seeded-dropout.js';
import { assertFinite } from '../non-finite.js';
import type { DeclaredAxes } from '../index-spaces.js';

export interface NerNetworkConfig {
  wordVocabularySize: number;
  charVocabularySize: number;
  numTags: number;
  wordDim: number;
  charDim: number;
  /** Character BiLSTM units per direction. */
  charUnits: number;
  /** Word BiLSTM units per direction. */
  wordUnits: number;
  dropout: number;
  decoder: 'crf' | 'softmax';
  seed: number;
  tagConstraints: CrfConstraints | null;
}

/**
 * Layer names by block (docs/architecture.md, Transfer): `char` is the character-bigram embeddings and the
 * per-word character BiLSTM, `word` the word embeddings, `classifier` the word-level BiLSTM over
 * both and the output layer (CRF or softmax), as in the Japanese NER article's three modules.
 */
export const NER_LAYERS = {
  charEmbeddings: 'char/embeddings',
  charEncoder: 'char/bilstm',
  wordEmbeddings: 'word/embeddings',
  encoder: 'classifier/bilstm',
  emissions: 'classifier/emissions',
  crf: 'classifier/crf',
} as const;

/**
 * Weight axes indexed by a vocabulary or the tag set (layer → weight → axis → index space), so
 * transfer can align them: embedding rows by char bigram or word, output columns and CRF scores by tag.
 */
export const NER_INDEXED_AXES: DeclaredAxes = {
  [NER_LAYERS.charEmbeddings]: { 0: { 0: 'charBigrams' } },
  [NER_LAYERS.wordEmbeddings]: { 0: { 0: 'words' } },
  [NER_LAYERS.emissions]: { 0: { 1: 'tags' }, 1: { 0: 'tags' } },
  [NER_LAYERS.crf]: { 0: { 0: 'tags', 1: 'tags' }, 1: { 0: 'tags' }, 2: { 0: 'tags' } },
};

export interface NerBatch {
  /** [B,T] int32 word ids (the word module's view), 0 = padding. */
  words: tf.Tensor2D;
  /** [B,T,C] int32 character-bigram ids of each word (the char module's view), 0 = padding. */
  chars: tf.Tensor3D;
  /** [B,T] 1 for words, 0 for padding. */
  mask: tf.Tensor2D;
  /** [B,T] int32 gold tags. */
  tags?: tf.Tensor2D;
}

/** A NER batch as typed arrays (what the native network reads; `nerBatchTensors` makes the tensors of it): B sentences of T words, C bigram ids per word. */
export interface NerHostBatch {
  B: number;
  T: number;
  C: number;
  words: Int32Array;
  chars: Int32Array;
  mask: Float32Array;
  tags: Int32Array | null;
}

/** The tensors of a host batch (the caller disposes them). */
export function nerBatchTensors(host: NerHostBatch): NerBatch {
  const { B, T, C } = host;
  const batch: NerBatch = {
    words: tf.tensor2d(host.words, [B, T], 'int32'),
    chars: tf.tensor3d(host.chars, [B, T, C], 'int32'),
    mask: tf.tensor2d(host.mask, [B, T]),
  };
  if (host.tags) batch.tags = tf.tensor2d(host.tags, [B, T], 'int32');
  return batch;
}

/**
 * NER network of the second study: char-bigram embeddings → character BiLSTM per word, concatenated
 * with the word embedding → word BiLSTM → emissions → CRF (or softmax). Two input streams, so the
 * char module can read romanized text while the word module reads the original script. Built as two
 * Layers models: the character encoder runs over all B·T words at once, which one model cannot
 * express in tfjs-layers (it cannot merge the batch and word axes).
 */
export class NerNetwork {
  private constructor(
    readonly charModel: tfl.LayersModel,
    readonly wordModel: tfl.LayersModel,
    readonly decoder: 'crf' | 'softmax',
  ) {}

  static build(config: NerNetworkConfig): NerNetwork {
    const seed = (offset: number) => config.seed * 1000 + offset;
    const chars = tfl.input({ shape: [null], dtype: 'int32', name: 'chars' });
    const charEmbedded = tfl.layers
      .embedding({
        inputDim: config.charVocabularySize,
        outputDim: config.charDim,
        maskZero: true,
        embeddingsInitializer: tfl.initializers.randomNormal({ stddev: 1, seed: seed(1) }),
        name: NER_LAYERS.charEmbeddings,
      })
      .apply(chars) as tfl.SymbolicTensor;
    const charVector = new BiLstm({ units: config.charUnits, returnSequences: false, seed: seed(2), name: NER_LAYERS.charEncoder }).apply(
      charEmbedded,
    ) as tfl.SymbolicTensor;
    const charModel = tfl.model({ inputs: chars, outputs: charVector, name: 'ner_char' });

    const words = tfl.input({ shape: [null], dtype: 'int32', name: 'words' });
    const charFeatures = tfl.input({ shape: [null, 2 * config.charUnits], name: 'char_features' });
    const wordEmbedded = tfl.layers
      .embedding({
        inputDim: config.wordVocabularySize,
        outputDim: config.wordDim,
        maskZero: true,
        embeddingsInitializer: tfl.initializers.randomNormal({ stddev: 1, seed: seed(4) }),
        name: NER_LAYERS.wordEmbeddings,
      })
      .apply(words) as tfl.SymbolicTensor;
    let x = new ConcatFirstMask({ name: 'classifier/concat' }).apply([wordEmbedded, charFeatures]) as tfl.SymbolicTensor;
    x = new SeededDropout({ rate: config.dropout, seed: seed(5), name: 'classifier/input_dropout' }).apply(x) as tfl.SymbolicTensor;
    let states = new BiLstm({ units: config.wordUnits, returnSequences: true, seed: seed(6), name: NER_LAYERS.encoder }).apply(
      x,
    ) as tfl.SymbolicTensor;
    states = new SeededDropout({ rate: config.dropout, seed: seed(8), name: 'classifier/dropout' }).apply(states) as tfl.SymbolicTensor;
    let output = tfl.layers
      .dense({ units: config.numTags, kernelInitializer: tfl.initializers.glorotUniform({ seed: seed(9) }), name: NER_LAYERS.emissions })
      .apply(states) as tfl.SymbolicTensor;
    if (config.decoder === 'crf')
      output = new CrfLayer({ numTags: config.numTags, constraints: config.tagConstraints, name: NER_LAYERS.crf }).apply(
        output,
      ) as tfl.SymbolicTensor;
    const wordModel = tfl.model({ inputs: [words, charFeatures], outputs: output, name: 'ner_word' });
    return new NerNetwork(charModel, wordModel, config.decoder);
  }

  /** Its Layers models, character module first: what checkpoints, transfer and saving go through. */
  get layersModels(): readonly tfl.LayersModel[] {
    return [this.charModel, this.wordModel];
  }

  private get crf(): CrfLayer | undefined {
    return this.decoder === 'crf' ? (this.wordModel.getLayer(NER_LAYERS.crf) as CrfLayer) : undefined;
  }

  /** Per-tag scores [B,T,K] (CRF emissions or softmax logits). */
  private scores(batch: NerBatch, training: boolean): tf.Tensor3D {
    return tf.tidy(() => {
      const [B, T, C] = batch.chars.shape;
      // the char BiLSTM reads real words only: padded word slots get zero vectors
      const maskValues = batch.mask.dataSync();
      const realSlots: number[] = [];
      const slotRow = Int32Array.from(maskValues, (m, slot) => (m > 0 ? realSlots.push(slot) - 1 : -1));
      if (realSlots.length === 0) realSlots.push(0); // a batch of empty sentences: read one padding slot, its vector is never used
      const rows = tf.gather(tf.reshape(batch.chars, [B * T, C]), tf.tensor1d(realSlots, 'int32'));
      const realVectors = this.charModel.apply(rows, { training }) as tf.Tensor2D;
      const width = realVectors.shape[1];
      const withZeroRow = tf.concat([realVectors, tf.zeros([1, width])], 0);
      const placement = tf.tensor1d(
        slotRow.map((row) => (row < 0 ? realSlots.length : row)),
        'int32',
      );
      const charFeatures = tf.reshape(tf.gather(withZeroRow, placement), [B, T, width]);
      return this.wordModel.apply([batch.words, charFeatures], { training }) as tf.Tensor3D;
    });
  }

  /** Mean negative log-likelihood (CRF) or mean token cross-entropy (softmax) of a batch. */
  loss(batch: NerBatch, training: boolean): tf.Scalar {
    if (!batch.tags) throw new Error('NerNetwork.loss: the batch needs gold tags');
    return tf.tidy(() => {
      const scores = this.scores(batch, training);
      if (this.crf) return tf.mean(this.crf.negativeLogLikelihood(scores, batch.tags!, batch.mask)) as tf.Scalar;
      const K = scores.shape[2];
      const perToken = tf.losses.softmaxCrossEntropy(tf.oneHot(batch.tags!, K), scores, undefined, undefined, tf.Reduction.NONE);
      return tf.div(tf.sum(tf.mul(perToken, batch.mask)), tf.maximum(tf.sum(batch.mask), 1)) as tf.Scalar;
    });
  }

  /** Best tag ids per word, as long as each sentence's mask. */
  predict(batch: NerBatch): number[][] {
    const scores = this.scores(batch, false);
    try {
      if (this.crf) return this.crf.decode(scores, batch.mask);
      assertFinite(scores.dataSync(), 'tag scores');
      const best = tf.tidy(() => tf.argMax(scores, 2).arraySync() as number[][]);
      const lengths = (batch.mask.arraySync() as number[][]).map((row) => row.filter((m) => m > 0).length);
      return best.map((row, b) => row.slice(0, lengths[b]));
    } finally {
      scores.dispose();
    }
  }

  async artifacts(): Promise<{ char: tf.io.ModelArtifacts; word: tf.io.ModelArtifacts; decoder: 'crf' | 'softmax' }> {
    return { char: await layersArtifacts(this.charModel), word: await layersArtifacts(this.wordModel), decoder: this.decoder };
  }

  static async fromArtifacts(artifacts: {
    char: tf.io.ModelArtifacts;
    word: tf.io.ModelArtifacts;
    decoder: 'crf' | 'softmax';
  }): Promise<NerNetwork> {
    return new NerNetwork(await modelFromArtifacts(artifacts.char), await modelFromArtifacts(artifacts.word), artifacts.decoder);
  }

  dispose(): void {
    this.charModel.dispose();
    this.wordModel.dispose();
  }
}
