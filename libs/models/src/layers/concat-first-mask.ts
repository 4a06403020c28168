import { tf, tfl } from '@xlnlu/compute';

/**
 * Concatenates its inputs on the last axis and keeps the first input's mask. tfjs's Concatenate
 * builds its mask with `all` over a ones-like of every unmasked input; when that input depends on
 * trainable weights (the character features), the gradient-less `all` lands on the tape and
 * training fails. The word ids' mask is the right one anyway.
 */
export class ConcatFirstMask extends tfl.layers.Layer {
  static readonly className = 'XlnluConcatFirstMask';

  constructor(args: { name?: string } = {}) {
    super(args);
    this.supportsMasking = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.concat(Array.isArray(inputs) ? inputs : [inputs], -1);
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const shapes = inputShape as tfl.Shape[];
    const last = shapes.map((shape) => shape[shape.length - 1]);
    const width = last.some((d) => d == null) ? null : (last as number[]).reduce((a, b) => a + b, 0);
    return [...shapes[0]!.slice(0, -1), width];
  }

  override computeMask(_inputs: tf.Tensor | tf.Tensor[], mask?: tf.Tensor | tf.Tensor[]): tf.Tensor | tf.Tensor[] {
    return (Array.isArray(mask) ? mask[0] : mask) as tf.Tensor;
  }
}
tf.serialization.registerClass(ConcatFirstMask);
