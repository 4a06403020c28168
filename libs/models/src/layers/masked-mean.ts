import { tf, tfl } from '@xlnlu/compute';

/**
 * Mean over axis 2 of [B,T,C,E] counting only unmasked entries (mask [B,T,C]) → [B,T,E]: a word
 * vector as the average of its character-bigram embeddings. A word without bigrams (padding) gets
 * zeros. The output carries no mask: it is concatenated to the word embeddings, whose mask rules.
 */
export class MaskedMean extends tfl.layers.Layer {
  static readonly className: string = 'XlnluMaskedMean';

  constructor(args: { name?: string } = {}) {
    super(args);
    this.supportsMasking = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { mask?: tf.Tensor | tf.Tensor[] }): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const given = Array.isArray(kwargs.mask) ? kwargs.mask[0] : kwargs.mask;
      const mask = given ? tf.expandDims(tf.cast(given, 'float32'), 3) : tf.onesLike(tf.slice(x, [0, 0, 0, 0], [-1, -1, -1, 1]));
      return this.reduce(tf.sum(tf.mul(x, mask), 2), tf.sum(mask, 2));
    });
  }

  /** The entries' sum and count [B,T,1] → the layer's output. */
  protected reduce(sum: tf.Tensor, count: tf.Tensor): tf.Tensor {
    return tf.div(sum, tf.maximum(count, 1));
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    return [shape[0]!, shape[1]!, shape[3]!];
  }

  override computeMask(): tf.Tensor | tf.Tensor[] {
    return null as unknown as tf.Tensor;
  }
}
tf.serialization.registerClass(MaskedMean);

/**
 * The same entries summed, not averaged: a bag of features as a linear classifier reads it (the
 * joint model's wide intent table), where a mean would shrink each feature's weight by the bag's size.
 */
export class MaskedSum extends MaskedMean {
  static override readonly className = 'XlnluMaskedSum';

  protected override reduce(sum: tf.Tensor): tf.Tensor {
    return sum;
  }
}
tf.serialization.registerClass(MaskedSum);
