import { tf } from '@xlnlu/compute';

/**
 * Pads each given axis of length 1 to length 2 with zeros (id 0 = padding, mask 0). tfjs's
 * gradient of `unstack` fails on an axis of size 1, and its LSTMs unstack the time axis, so a
 * batch of one-token sentences (or one-bigram words) could not be trained on otherwise.
 */
export function padAxesToTwo<T extends tf.Tensor>(x: T, axes: readonly number[]): T {
  if (!axes.some((axis) => x.shape[axis] === 1)) return x;
  return tf.pad(x, x.shape.map((size, axis) => [0, axes.includes(axis) && size === 1 ? 1 : 0] as [number, number])) as T;
}
