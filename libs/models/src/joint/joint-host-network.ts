import {
  JOINT_WEIGHTS,
  type JointProjectionTables,
  type JointWeightSlot,
  type JointWordFeatures,
  type NativeKernels,
} from '@xlnlu/compute';
import { DropoutStreams } from '../dropout-streams.js';
import type { HostNetwork, HostParameter } from '../host-step.js';
import { constraintArrays, HostWeights, type SlotLocation } from '../host-weights.js';
import type { CrfLayer } from '../layers/crf.js';
import { assertFinite } from '../non-finite.js';
import { JOINT_LAYERS, type JointHostBatch, type JointNetwork, type JointPrediction } from './joint-network.js';

/** Where each native weight slot lives in the (one) Layers model. */
const SLOT_WEIGHTS: Record<JointWeightSlot, SlotLocation> = {
  words: [0, JOINT_LAYERS.embeddings, 0],
  bigrams: [0, JOINT_LAYERS.charBigramEmbeddings, 0],
  space: [0, JOINT_LAYERS.spaceVectors, 0],
  lstmKernel: [0, JOINT_LAYERS.encoder, 0],
  lstmRecurrent: [0, JOINT_LAYERS.encoder, 1],
  lstmBias: [0, JOINT_LAYERS.encoder, 2],
  emitKernel: [0, JOINT_LAYERS.slotEmissions, 0],
  emitBias: [0, JOINT_LAYERS.slotEmissions, 1],
  transitions: [0, JOINT_LAYERS.slotCrf, 0],
  start: [0, JOINT_LAYERS.slotCrf, 1],
  end: [0, JOINT_LAYERS.slotCrf, 2],
  ngrams: [0, JOINT_LAYERS.intentNgrams, 0],
  hiddenKernel: [0, JOINT_LAYERS.intentHidden, 0],
  hiddenBias: [0, JOINT_LAYERS.intentHidden, 1],
  outKernel: [0, JOINT_LAYERS.intentOutput, 0],
  outBias: [0, JOINT_LAYERS.intentOutput, 1],
  intentWide: [0, JOINT_LAYERS.intentWide, 0],
};

/** The dropout layers the native step draws masks for (joint-network.ts builds them): input, then states. */
const DROPOUT_LAYERS = ['embeddings/dropout', 'encoder/dropout'];

/**
 * The joint network on the host: its weights as typed arrays, and in one native call each its
 * training loss with every gradient (jointLossAndGradients: JointNetwork.loss for a training
 * call) and its predictions (jointPredict: JointNetwork.predict). The Layers model stays the
 * network's format (push / pull). Dropout masks come from the SeededDropout layers' streams
 * (DropoutStreams); the masks themselves differ from TensorFlow.js's (a counter-based generator).
 */
export class JointHostNetwork implements HostNetwork<JointHostBatch, JointPrediction> {
  private readonly weights: HostWeights;
  private readonly dropout: DropoutStreams;
  private readonly constraints: { allowed: Float32Array; allowedStart: Float32Array } | null;
  /** V E Vb Eb Vs Es H K Vn En Hi I W: the network's sizes after B T C N (see native/src/joint_step.h). */
  private readonly sizes: number[];
  /**
   * Every word's and bigram's input projection (jointProjections), made on the first prediction
   * after the weights changed: training steps and pull() drop them.
   */
  private projections: JointProjectionTables | undefined;
  /** The vocabulary words' features, read once on the first prediction (see the constructor). */
  private features: JointWordFeatures | null | undefined;

  /**
   * `wordFeatures` (JointReader.wordFeatures) says which words' features follow from the word, so
   * that their prediction rows are made whole once (a token then reads one row in place); without
   * it, every token's row is put together at each prediction, as the features are not known.
   */
  constructor(
    private readonly network: JointNetwork,
    private readonly kernels: NativeKernels,
    private readonly wordFeatures: () => JointWordFeatures | null = () => null,
  ) {
    const model = network.model;
    const slot = (name: JointWeightSlot) => JOINT_WEIGHTS.indexOf(name);
    this.weights = new HostWeights(
      [model],
      JOINT_WEIGHTS.map((name) => SLOT_WEIGHTS[name]),
      new Set([slot('space')]),
    );
    this.dropout = new DropoutStreams(model, DROPOUT_LAYERS);
    this.constraints = constraintArrays(model.getLayer(JOINT_LAYERS.slotCrf) as CrfLayer);
    const shape = (name: JointWeightSlot) => this.weights.shape(slot(name));
    const rowsAndSize = (name: JointWeightSlot) => shape(name) ?? [0, 0];
    const H = shape('lstmRecurrent')![1]!;
    const [K] = shape('emitBias')!;
    const [Hi, I] = shape('outKernel')!;
    const wide = shape('intentWide') ? 1 : 0;
    this.sizes = [
      ...rowsAndSize('words'),
      ...rowsAndSize('bigrams'),
      ...rowsAndSize('space'),
      H,
      K!,
      ...rowsAndSize('ngrams'),
      Hi!,
      I!,
      wide,
    ];
  }

  get parameters(): readonly HostParameter[] {
    return this.weights.parameters;
  }

  lossAndGradients(batch: JointHostBatch): number {
    if (!batch.tags || !batch.intents) throw new Error('JointHostNetwork: the batch needs gold tags and intents');
    this.projections = undefined; // the optimizer changes the weights after this call
    const { intentLossWeight, intentLabelSmoothing } = this.network.objective;
    return this.kernels.jointLossAndGradients(
      this.dims(batch),
      this.weights.values(),
      this.weights.gradients(),
      {
        tokens: batch.tokens,
        bigrams: batch.bigrams,
        space: batch.space,
        ngrams: batch.ngrams,
        mask: batch.mask,
        tags: batch.tags,
        intents: batch.intents,
      },
      Float64Array.from([intentLossWeight, intentLabelSmoothing, this.dropout.rate, ...this.dropout.next()]),
      this.constraints?.allowed,
      this.constraints?.allowedStart,
    );
  }

  /** Viterbi tags (each sequence as long as its mask), argmax intents and intent probabilities, as JointNetwork.predict. */
  predict(batch: JointHostBatch): JointPrediction {
    const { B, T } = batch;
    const weights = this.weights.values();
    // B and T unused; C and N only say whether there are bigram and n-gram features
    const [Eb, En] = [this.sizes[3]!, this.sizes[9]!];
    if (this.features === undefined) this.features = this.wordFeatures();
    this.projections ??= this.kernels.jointProjections(
      Int32Array.from([1, 1, Eb > 0 ? 1 : 0, En > 0 ? 1 : 0, ...this.sizes]),
      weights,
      this.features ?? undefined,
    );
    const { tags, probabilities } = this.kernels.jointPredict(
      this.dims(batch),
      weights,
      { tokens: batch.tokens, bigrams: batch.bigrams, space: batch.space, ngrams: batch.ngrams, mask: batch.mask },
      this.constraints?.allowed,
      this.constraints?.allowedStart,
      this.projections,
    );
    assertFinite(probabilities, 'intent probabilities');
    const I = probabilities.length / B;
    const prediction: JointPrediction = { tags: [], intents: [], intentProbabilities: [] };
    // plain loops: this runs per utterance of every evaluation (Array.from over the typed arrays took
    // ~25 ms of a ~135 ms pass over the 2,974 en-US test utterances, loops ~12)
    for (let b = 0; b < B; b++) {
      let length = 0;
      while (length < T && batch.mask[b * T + length]! > 0) length++;
      const path = new Array<number>(length);
      for (let t = 0; t < length; t++) path[t] = tags[b * T + t]!;
      const row = new Array<number>(I);
      let best = 0;
      for (let i = 0; i < I; i++) {
        row[i] = probabilities[b * I + i]!;
        if (row[i]! > row[best]!) best = i;
      }
      prediction.tags.push(path);
      prediction.intentProbabilities.push(row);
      prediction.intents.push(best);
    }
    return prediction;
  }

  private dims(batch: JointHostBatch): Int32Array {
    return Int32Array.from([batch.B, batch.T, batch.bigrams ? batch.C : 0, batch.ngrams ? batch.N : 0, ...this.sizes]);
  }

  pull(): void {
    this.projections = undefined;
    this.weights.pull();
  }

  push(): void {
    this.weights.push();
  }
}
