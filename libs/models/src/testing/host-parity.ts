import { expect } from 'chai';
import { tf, type tfl } from '@xlnlu/compute';
import type { HostParameter } from '../host-step.js';

/** The TensorFlow.js path's loss and the gradient of every trainable weight of `models`, by weight name. */
export function tfjsGradients(
  models: readonly tfl.LayersModel[],
  loss: () => tf.Scalar,
): { loss: number; grads: Map<string, Float32Array> } {
  const weights = models.flatMap((model) => model.trainableWeights);
  const variables = weights.map((weight) => (weight as unknown as { val: tf.Variable }).val);
  const { value, grads } = tf.variableGrads(loss, variables);
  const byName = new Map(weights.map((weight, i) => [weight.name, grads[variables[i]!.name]!.dataSync() as Float32Array]));
  const result = { loss: value.dataSync()[0]!, grads: byName };
  tf.dispose([value, ...Object.values(grads)]);
  return result;
}

/** The largest absolute difference between two arrays of one length. */
export function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).to.equal(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

/**
 * Every host parameter's gradient within `tolerance` of the reference's; unless `zerosAllowed`,
 * each reference gradient also non-zero somewhere (a comparison of zeros shows nothing).
 */
export function expectGradientsClose(
  parameters: readonly HostParameter[],
  reference: ReadonlyMap<string, Float32Array>,
  { tolerance = 1e-4, zerosAllowed = false } = {},
): void {
  for (const parameter of parameters) {
    const expected = reference.get(parameter.variable.name);
    expect(expected, `the reference has a gradient for ${parameter.variable.name}`).to.not.equal(undefined);
    expect(maxDifference(parameter.gradient, expected!), parameter.variable.name).to.be.below(tolerance);
    if (!zerosAllowed)
      expect(
        expected!.some((value) => value !== 0),
        `${parameter.variable.name} has a gradient`,
      ).to.equal(true);
  }
}
