import { tf, tfl } from '@xlnlu/compute';

export interface SeededDropoutArgs {
  rate: number;
  seed: number;
  name?: string;
}

/**
 * Dropout whose masks come from a seed that advances on every training call. tfjs's own Dropout
 * with a `seed` draws the same mask on every call, so the same units would be dropped in every
 * batch; without a seed it is not reproducible. Masks (padding) pass through unchanged.
 */
export class SeededDropout extends tfl.layers.Layer {
  static readonly className = 'XlnluSeededDropout';
  readonly rate: number;
  readonly seed: number;
  /** Training calls so far: each draws its mask from the seed and this count (a checkpoint saves it). */
  calls = 0;

  constructor(args: SeededDropoutArgs) {
    super({ name: args.name });
    if (!(args.rate >= 0 && args.rate < 1)) throw new Error(`SeededDropout: rate must be in [0, 1), got ${args.rate}`);
    this.rate = args.rate;
    this.seed = args.seed;
    this.supportsMasking = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (!kwargs['training'] || this.rate === 0) return tf.clone(x);
    return tf.dropout(x, this.rate, undefined, this.seed * 1_000_003 + this.calls++);
  }

  override computeMask(_inputs: tf.Tensor | tf.Tensor[], mask?: tf.Tensor | tf.Tensor[]): tf.Tensor | tf.Tensor[] {
    // no mask stays no mask (tfjs's typing says otherwise, its layers return null too)
    return mask as tf.Tensor | tf.Tensor[];
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}
tf.serialization.registerClass(SeededDropout);
