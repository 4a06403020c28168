import { JOINT_WEIGHTS, tf, type JointWeightSlot, type NativeKernels, type tfl } from '@xlnlu/compute';
import type { HostParameter, HostTrainingStep } from '../host-step.js';
import { CrfLayer } from '../layers/crf.js';
import { SeededDropout } from '../layers/seeded-dropout.js';
import { assertFinite } from '../non-finite.js';
import { JOINT_LAYERS, type JointHostBatch, type JointNetwork, type JointPrediction } from './joint-network.js';

/** Where each native weight slot lives in the Layers model: layer name and index among its weights. */
const SLOT_WEIGHTS: Record<JointWeightSlot, [layer: string, index: number]> = {
  words: [JOINT_LAYERS.embeddings, 0],
  bigrams: [JOINT_LAYERS.charBigramEmbeddings, 0],
  space: [JOINT_LAYERS.spaceVectors, 0],
  lstmKernel: [JOINT_LAYERS.encoder, 0],
  lstmRecurrent: [JOINT_LAYERS.encoder, 1],
  lstmBias: [JOINT_LAYERS.encoder, 2],
  emitKernel: [JOINT_LAYERS.slotEmissions, 0],
  emitBias: [JOINT_LAYERS.slotEmissions, 1],
  transitions: [JOINT_LAYERS.slotCrf, 0],
  start: [JOINT_LAYERS.slotCrf, 1],
  end: [JOINT_LAYERS.slotCrf, 2],
  ngrams: [JOINT_LAYERS.intentNgrams, 0],
  hiddenKernel: [JOINT_LAYERS.intentHidden, 0],
  hiddenBias: [JOINT_LAYERS.intentHidden, 1],
  outKernel: [JOINT_LAYERS.intentOutput, 0],
  outBias: [JOINT_LAYERS.intentOutput, 1],
};

/** The dropout layers the native step draws masks for (joint-network.ts builds them). */
const DROPOUT_LAYERS = { input: 'embeddings/dropout', states: 'encoder/dropout' } as const;

interface Slot {
  variable: tfl.LayerVariable;
  values: Float32Array;
  /** null: frozen (transfer) or fixed (the space vectors). */
  gradient: Float32Array | null;
}

/**
 * The joint network on the host: its weights as typed arrays, and in one native call each its
 * training loss with every gradient (jointLossAndGradients: JointNetwork.loss for a training
 * call) and its predictions (jointPredict: JointNetwork.predict). The Layers model stays the
 * network's format (push / pull). Dropout masks come from each SeededDropout layer's seed and
 * call count, which training advances as the layer would, so a checkpoint's counts resume the same
 * stream; the masks themselves differ from TensorFlow.js's (a counter-based generator).
 */
export class JointHostNetwork implements HostTrainingStep<JointHostBatch> {
  readonly parameters: readonly HostParameter[];
  private readonly slots: (Slot | null)[];
  private readonly dropout: { rate: number; input: SeededDropout; states: SeededDropout };
  private readonly constraints: { allowed: Float32Array; allowedStart: Float32Array } | null;
  /** V E Vb Eb Vs Es H K Vn En Hi I: the network's sizes after B T C N (see native/src/joint_step.h). */
  private readonly sizes: number[];
  /**
   * Every word's and bigram's input projection (jointProjections), made on the first prediction
   * after the weights changed: training steps and pull() drop them.
   */
  private projections: { words: Float32Array; bigrams: Float32Array | null } | undefined;

  constructor(
    private readonly network: JointNetwork,
    private readonly kernels: NativeKernels,
  ) {
    const model = network.model;
    const layerNames = new Set(model.layers.map((layer) => layer.name));
    this.slots = JOINT_WEIGHTS.map((slot) => {
      const [layerName, index] = SLOT_WEIGHTS[slot];
      if (!layerNames.has(layerName)) return null;
      const layer = model.getLayer(layerName);
      const variable = layer.weights[index]!;
      const fixed = slot === 'space' || !layer.trainable || !variable.trainable;
      const values = new Float32Array(variable.shape.reduce((a, b) => a! * b!, 1)!);
      return { variable, values, gradient: fixed ? null : new Float32Array(values.length) };
    });
    const trainableOrder = new Map(model.trainableWeights.map((weight, i) => [weight, i]));
    this.parameters = this.slots
      .filter((slot): slot is Slot & { gradient: Float32Array } => Boolean(slot?.gradient))
      .sort((a, b) => (trainableOrder.get(a.variable) ?? 0) - (trainableOrder.get(b.variable) ?? 0))
      .map(({ variable, values, gradient }) => ({ variable, values, gradient }));
    const input = model.getLayer(DROPOUT_LAYERS.input);
    const states = model.getLayer(DROPOUT_LAYERS.states);
    if (!(input instanceof SeededDropout) || !(states instanceof SeededDropout))
      throw new Error('JointHostNetwork: the network lacks its seeded dropout layers');
    this.dropout = { rate: input.rate, input, states };
    const crf = model.getLayer(JOINT_LAYERS.slotCrf) as CrfLayer;
    this.constraints = crf.constraints
      ? { allowed: Float32Array.from(crf.constraints.allowed), allowedStart: Float32Array.from(crf.constraints.allowedStart) }
      : null;
    const shape = (slot: JointWeightSlot) => this.slots[JOINT_WEIGHTS.indexOf(slot)]?.variable.shape as number[] | undefined;
    const rowsAndSize = (slot: JointWeightSlot) => shape(slot) ?? [0, 0];
    const H = shape('lstmRecurrent')![1]!;
    const [K] = shape('emitBias')!;
    const [Hi, I] = shape('outKernel')!;
    this.sizes = [
      ...rowsAndSize('words'),
      ...rowsAndSize('bigrams'),
      ...rowsAndSize('space'),
      H,
      K!,
      ...rowsAndSize('ngrams'),
      Hi!,
      I!,
    ];
    this.pull();
  }

  lossAndGradients(batch: JointHostBatch): number {
    if (!batch.tags || !batch.intents) throw new Error('JointHostNetwork: the batch needs gold tags and intents');
    this.projections = undefined; // the optimizer changes the weights after this call
    const { rate, input, states } = this.dropout;
    const streams = rate > 0 ? [input.seed * 1_000_003 + input.calls++, states.seed * 1_000_003 + states.calls++] : [0, 0];
    const { intentLossWeight, intentLabelSmoothing } = this.network.objective;
    return this.kernels.jointLossAndGradients(
      this.dims(batch),
      this.slots.map((slot) => slot?.values ?? null),
      this.slots.map((slot) => slot?.gradient ?? null),
      { tokens: batch.tokens, bigrams: batch.bigrams, space: batch.space, ngrams: batch.ngrams, mask: batch.mask, tags: batch.tags, intents: batch.intents },
      Float64Array.from([intentLossWeight, intentLabelSmoothing, rate, ...streams]),
      this.constraints?.allowed,
      this.constraints?.allowedStart,
    );
  }

  /** Viterbi tags (each sequence as long as its mask), argmax intents and intent probabilities, as JointNetwork.predict. */
  predict(batch: JointHostBatch): JointPrediction {
    const { B, T } = batch;
    const weights = this.slots.map((slot) => slot?.values ?? null);
    this.projections ??= this.kernels.jointProjections(Int32Array.from([1, 1, 0, 0, ...this.sizes]), weights);
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
    for (let b = 0; b < B; b++) {
      let length = 0;
      while (length < T && batch.mask[b * T + length]! > 0) length++;
      prediction.tags.push(Array.from(tags.subarray(b * T, b * T + length)));
      const row = probabilities.subarray(b * I, (b + 1) * I);
      let best = 0;
      for (let i = 1; i < I; i++) if (row[i]! > row[best]!) best = i;
      prediction.intentProbabilities.push(Array.from(row));
      prediction.intents.push(best);
    }
    return prediction;
  }

  private dims(batch: JointHostBatch): Int32Array {
    return Int32Array.from([batch.B, batch.T, batch.bigrams ? batch.C : 0, batch.ngrams ? batch.N : 0, ...this.sizes]);
  }

  pull(): void {
    this.projections = undefined;
    for (const slot of this.slots) if (slot) slot.values.set(slot.variable.read().dataSync() as Float32Array);
  }

  push(): void {
    for (const slot of this.slots) {
      if (!slot?.gradient) continue;
      // a copy: the cpu backend keeps the array it is given as the tensor's storage
      const tensor = tf.tensor(slot.values.slice(), slot.variable.shape as number[]);
      slot.variable.write(tensor);
      tensor.dispose();
    }
  }
}
