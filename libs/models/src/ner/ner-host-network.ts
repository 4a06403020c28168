import { NER_WEIGHTS, type NativeKernels, type NerWeightSlot } from '@xlnlu/compute';
import { DropoutStreams } from '../dropout-streams.js';
import type { HostNetwork, HostParameter } from '../host-step.js';
import { constraintArrays, HostWeights, type SlotLocation } from '../host-weights.js';
import type { CrfLayer } from '../layers/crf.js';
import { NER_LAYERS, type NerHostBatch, type NerNetwork } from './ner-network.js';

/** Where each native weight slot lives: model 0 is the character module, 1 the word module. */
const SLOT_WEIGHTS: Record<NerWeightSlot, SlotLocation> = {
  charEmbeddings: [0, NER_LAYERS.charEmbeddings, 0],
  charKernel: [0, NER_LAYERS.charEncoder, 0],
  charRecurrent: [0, NER_LAYERS.charEncoder, 1],
  charBias: [0, NER_LAYERS.charEncoder, 2],
  wordEmbeddings: [1, NER_LAYERS.wordEmbeddings, 0],
  wordKernel: [1, NER_LAYERS.encoder, 0],
  wordRecurrent: [1, NER_LAYERS.encoder, 1],
  wordBias: [1, NER_LAYERS.encoder, 2],
  emitKernel: [1, NER_LAYERS.emissions, 0],
  emitBias: [1, NER_LAYERS.emissions, 1],
  transitions: [1, NER_LAYERS.crf, 0],
  start: [1, NER_LAYERS.crf, 1],
  end: [1, NER_LAYERS.crf, 2],
};

/** The dropout layers of the word module (ner-network.ts builds them): input, then states. */
const DROPOUT_LAYERS = ['classifier/input_dropout', 'classifier/dropout'];

/**
 * The NER network on the host: its weights as typed arrays, and in one native call each its
 * training loss with every gradient (nerLossAndGradients: NerNetwork.loss for a training call)
 * and its predictions (nerPredict: NerNetwork.predict). The two Layers models stay the network's
 * format (push / pull); dropout as JointHostNetwork draws it.
 */
export class NerHostNetwork implements HostNetwork<NerHostBatch, number[][]> {
  private readonly weights: HostWeights;
  private readonly dropout: DropoutStreams;
  private readonly constraints: { allowed: Float32Array; allowedStart: Float32Array } | null;
  /** Vc Ec Hc Vw Ew Hw K crf: the network's sizes after B T C (see native/src/ner_step.h). */
  private readonly sizes: number[];

  constructor(
    network: NerNetwork,
    private readonly kernels: NativeKernels,
  ) {
    const [charModel, wordModel] = network.layersModels;
    this.weights = new HostWeights(
      network.layersModels,
      NER_WEIGHTS.map((name) => SLOT_WEIGHTS[name]),
    );
    this.dropout = new DropoutStreams(wordModel!, DROPOUT_LAYERS);
    const crf = network.decoder === 'crf' ? (wordModel!.getLayer(NER_LAYERS.crf) as CrfLayer) : undefined;
    this.constraints = constraintArrays(crf);
    const shape = (name: NerWeightSlot) => this.weights.shape(NER_WEIGHTS.indexOf(name))!;
    const [Vc, Ec] = shape('charEmbeddings');
    const Hc = shape('charRecurrent')[1]!;
    const [Vw, Ew] = shape('wordEmbeddings');
    const Hw = shape('wordRecurrent')[1]!;
    const [K] = shape('emitBias');
    if (!charModel) throw new Error('NerHostNetwork: the network has no character module');
    this.sizes = [Vc!, Ec!, Hc, Vw!, Ew!, Hw, K!, crf ? 1 : 0];
  }

  get parameters(): readonly HostParameter[] {
    return this.weights.parameters;
  }

  lossAndGradients(batch: NerHostBatch): number {
    if (!batch.tags) throw new Error('NerHostNetwork: the batch needs gold tags');
    return this.kernels.nerLossAndGradients(
      this.dims(batch),
      this.weights.values(),
      this.weights.gradients(),
      { words: batch.words, chars: batch.chars, mask: batch.mask, tags: batch.tags },
      Float64Array.from([this.dropout.rate, ...this.dropout.next()]),
      this.constraints?.allowed,
      this.constraints?.allowedStart,
    );
  }

  /** Best tag ids per word, as long as each sentence's mask (NerNetwork.predict). */
  predict(batch: NerHostBatch): number[][] {
    const tags = this.kernels.nerPredict(
      this.dims(batch),
      this.weights.values(),
      { words: batch.words, chars: batch.chars, mask: batch.mask },
      this.constraints?.allowed,
      this.constraints?.allowedStart,
    );
    return Array.from({ length: batch.B }, (_, b) => {
      let length = 0;
      while (length < batch.T && batch.mask[b * batch.T + length]! > 0) length++;
      return Array.from(tags.subarray(b * batch.T, b * batch.T + length));
    });
  }

  private dims(batch: NerHostBatch): Int32Array {
    return Int32Array.from([batch.B, batch.T, batch.C, ...this.sizes]);
  }

  pull(): void {
    this.weights.pull();
  }

  push(): void {
    this.weights.push();
  }
}
