import { onHostBackend, tf, tfl } from '@xlnlu/compute';

/** Below any real activation, so padding never wins the max. */
const PADDING = -1e9;

/**
 * Max over the time axis of [B,T,F] that ignores padded positions (the input mask), so a sentence
 * pools to the same vector whatever batch, and so whatever padding, it is in. tfjs's
 * GlobalMaxPooling1D takes padding into the max.
 */
export class MaskedMaxPooling extends tfl.layers.Layer {
  static readonly className = 'XlnluMaskedMaxPooling';

  constructor(args: { name?: string } = {}) {
    super({ name: args.name });
    this.supportsMasking = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { mask?: tf.Tensor | tf.Tensor[] }): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const mask = Array.isArray(kwargs.mask) ? kwargs.mask[0] : kwargs.mask;
      if (!mask) return maxOverTime(x);
      const padding = tf.mul(tf.sub(1, tf.expandDims(tf.cast(mask, 'float32'), 2)), PADDING);
      return maxOverTime(tf.add(x, padding));
    });
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    return [shape[0]!, shape[2]!];
  }

  override computeMask(): tf.Tensor | tf.Tensor[] {
    // one vector per sentence: nothing left to mask (tfjs's typing says otherwise, its layers return null too)
    return null as unknown as tf.Tensor;
  }
}
tf.serialization.registerClass(MaskedMaxPooling);

/**
 * max over axis 1 of [B,T,F], routing the gradient to the first maximum. tfjs's Max gradient
 * compares x with the broadcast max, which is slow on wasm; on host backends a loop over the
 * argmax writes the gradient directly (wasm's OneHot alone took ~5 ms per training step), elsewhere
 * a one-hot of the argmax does.
 */
const maxOverTime = tf.customGrad((...args) => {
  const [x, save] = args as unknown as [tf.Tensor, (tensors: tf.Tensor[]) => void];
  const winners = tf.argMax(x, 1); // [B,F]
  save([winners]);
  return {
    value: tf.max(x, 1),
    gradFunc: (dy: tf.Tensor, [saved]: tf.Tensor[]) => (onHostBackend() ? routedOnHost : routedByOneHot)(dy, saved!, x.shape[1]!),
  };
}) as (x: tf.Tensor) => tf.Tensor;

/** dy [B,F] to position winners[b,f] of [B,T,F]. */
export function routedOnHost(dy: tf.Tensor, winners: tf.Tensor, T: number): tf.Tensor {
  const [B, F] = dy.shape as [number, number];
  const dyValues = dy.dataSync();
  const at = winners.dataSync();
  const dx = new Float32Array(B * T * F);
  for (let b = 0; b < B; b++) for (let f = 0; f < F; f++) dx[(b * T + at[b * F + f]!) * F + f] = dyValues[b * F + f]!;
  return tf.tensor3d(dx, [B, T, F]);
}

export function routedByOneHot(dy: tf.Tensor, winners: tf.Tensor, T: number): tf.Tensor {
  // oneHot needs a depth of at least 2
  const oneHot = tf.slice(tf.oneHot(winners, Math.max(T, 2)), [0, 0, 0], [-1, -1, T]); // [B,F,T]
  return tf.mul(tf.transpose(oneHot, [0, 2, 1]), tf.expandDims(dy, 1));
}
