import { tf, tfl } from '@xlnlu/compute';
import { biLstm } from './bilstm-op.js';

type Tensor = tf.Tensor;

export interface BiLstmArgs {
  units: number;
  /** true: [B,T,2H], zeros on padding; false: [B,2H], each direction's last state. */
  returnSequences: boolean;
  seed: number;
  name?: string;
  trainable?: boolean;
}

/**
 * Bidirectional LSTM layer on the fused `biLstm` op, respecting the input mask (left-aligned
 * padding). Weights: kernel [2,D,4H], recurrent [2,H,4H], bias [2,4H], direction 0 forward;
 * Glorot-uniform kernels, orthogonal recurrent kernels and a forget-gate bias of 1 per direction.
 */
export class BiLstm extends tfl.layers.Layer {
  static readonly className = 'XlnluBiLstm';
  readonly units: number;
  readonly returnSequences: boolean;
  readonly seed: number;
  kernel!: tfl.LayerVariable;
  recurrent!: tfl.LayerVariable;
  bias!: tfl.LayerVariable;

  constructor(args: BiLstmArgs) {
    super({ name: args.name, trainable: args.trainable });
    if (!Number.isInteger(args.units) || args.units < 1) throw new Error(`BiLstm: units must be a positive integer, got ${args.units}`);
    this.units = args.units;
    this.returnSequences = args.returnSequences;
    this.seed = args.seed;
    this.supportsMasking = true;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const D = shape[shape.length - 1];
    if (typeof D !== 'number') throw new Error('BiLstm: the input feature size must be known');
    const H = this.units;
    const zeros = tfl.initializers.zeros();
    this.kernel = this.addWeight('kernel', [2, D, 4 * H], 'float32', zeros);
    this.recurrent = this.addWeight('recurrent_kernel', [2, H, 4 * H], 'float32', zeros);
    this.bias = this.addWeight('bias', [2, 4 * H], 'float32', zeros);
    tf.tidy(() => {
      const perDirection = (make: (direction: number) => Tensor) => tf.stack([make(0), make(1)]);
      this.kernel.write(perDirection((d) => tfl.initializers.glorotUniform({ seed: this.seed * 10 + d }).apply([D, 4 * H])));
      this.recurrent.write(perDirection((d) => quietOrthogonal(this.seed * 10 + 2 + d).apply([H, 4 * H])));
      const forgetOnes = tf.concat([tf.zeros([H]), tf.ones([H]), tf.zeros([2 * H])]);
      this.bias.write(perDirection(() => forgetOnes));
    });
    this.built = true;
  }

  override call(inputs: Tensor | Tensor[], kwargs: { mask?: Tensor | Tensor[] }): Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const given = Array.isArray(kwargs.mask) ? kwargs.mask[0] : kwargs.mask;
      const mask = given ? tf.cast(given, 'float32') : tf.ones(x.shape.slice(0, 2));
      const states = biLstm(x, mask, this.kernel.read(), this.recurrent.read(), this.bias.read());
      if (this.returnSequences) return states;
      const H = this.units;
      const T = x.shape[1]!;
      const [forward, backward] = tf.split(states, 2, 2) as [Tensor, Tensor];
      // the forward direction ends at each sequence's last token, the backward one at position 0
      const next = tf.slice(
        tf.pad(mask, [
          [0, 0],
          [0, 1],
        ]),
        [0, 1],
        [-1, T],
      );
      const last = tf.sub(mask, next); // [B,T]: 1 at each sequence's last token; all-padding rows have none
      const forwardFinal = tf.sum(tf.mul(forward, tf.expandDims(last, 2)), 1);
      const backwardFinal = tf.reshape(tf.slice(backward, [0, 0, 0], [-1, 1, H]), [-1, H]);
      return tf.concat([forwardFinal, backwardFinal], 1);
    });
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    return this.returnSequences ? [shape[0]!, shape[1]!, 2 * this.units] : [shape[0]!, 2 * this.units];
  }

  override computeMask(_inputs: Tensor | Tensor[], mask?: Tensor | Tensor[]): Tensor | Tensor[] {
    // the final states of a sequence are one vector: nothing left to mask
    return (this.returnSequences ? mask : null) as Tensor | Tensor[];
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), units: this.units, returnSequences: this.returnSequences, seed: this.seed };
  }
}
tf.serialization.registerClass(BiLstm);

/**
 * tfjs's orthogonal initializer, without its "Slowness may result" warning for matrices over 2,000
 * values: it runs once per direction when a network is built (a QR decomposition of [4H, H]), which
 * the run's own timings already include, and printed twice in every joint-model log.
 */
function quietOrthogonal(seed: number): ReturnType<typeof tfl.initializers.orthogonal> {
  const initializer = tfl.initializers.orthogonal({ seed });
  (initializer as unknown as { ELEMENTS_WARN_SLOW: number }).ELEMENTS_WARN_SLOW = Number.POSITIVE_INFINITY;
  return initializer;
}
