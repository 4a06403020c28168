import { tf, type NativeKernels } from '@xlnlu/compute';
import type { HostParameter } from '@xlnlu/models';
import { adamRunningPowers, setAdamRunningPowers } from './adam-powers.js';

const BETA1 = 0.9;
const BETA2 = 0.999;
const f32 = Math.fround;

/**
 * Adam on a host training step's parameters (the native core's adamUpdate), computing what
 * TensorFlow.js's `tf.train.adam(learningRate)` computes: the same float32 constants, the same
 * order of operations, the same running powers β₁ᵗ and β₂ᵗ. Its state converts to and from a
 * TensorFlow.js AdamOptimizer (moments named `<variable>/m` and `/v`), so a checkpoint has one
 * format whichever path trained, and either path resumes it.
 */
export class HostAdam {
  private readonly m: Float32Array[];
  private readonly v: Float32Array[];
  private iterations = 0;
  private accBeta1 = f32(BETA1);
  private accBeta2 = f32(BETA2);
  private readonly epsilon = tf.backend().epsilon();

  constructor(
    private readonly parameters: readonly HostParameter[],
    private readonly learningRate: number,
    private readonly kernels: NativeKernels,
  ) {
    this.m = parameters.map((p) => new Float32Array(p.values.length));
    this.v = parameters.map((p) => new Float32Array(p.values.length));
  }

  /** One step on the parameters' current gradients. */
  apply(): void {
    // the scalars as TensorFlow.js makes them: float32 tensors of the JavaScript numbers
    const hyper = Float64Array.from([
      f32(this.learningRate),
      f32(BETA1),
      f32(BETA2),
      f32(1 - BETA1),
      f32(1 - BETA2),
      f32(this.epsilon),
      f32(1 - this.accBeta1),
      f32(1 - this.accBeta2),
    ]);
    this.kernels.adamUpdate(
      this.parameters.map((p, i) => [p.values, this.m[i]!, this.v[i]!, p.gradient] as const),
      hyper,
    );
    this.accBeta1 = f32(this.accBeta1 * f32(BETA1));
    this.accBeta2 = f32(this.accBeta2 * f32(BETA2));
    this.iterations++;
  }

  /**
   * A TensorFlow.js AdamOptimizer holding this state (for a checkpoint); the caller disposes it.
   * Its moments are in the order `minimize` visits the variables (their registration order): a
   * restored AdamOptimizer pairs moments with variables by position, so the TensorFlow.js path can
   * go on from a checkpoint this path wrote.
   */
  async toOptimizer(): Promise<tf.Optimizer> {
    const optimizer = tf.train.adam(this.learningRate);
    const registered = new Map(Object.keys(tf.engine().registeredVariables).map((name, i) => [name, i]));
    const order = this.parameters
      .map((p, i) => ({ p, i }))
      .sort((a, b) => (registered.get(a.p.variable.name) ?? 0) - (registered.get(b.p.variable.name) ?? 0));
    const moments = (kind: 'm' | 'v', values: Float32Array[]) =>
      order.map(({ p, i }) => ({
        name: `${p.variable.name}/${kind}`,
        tensor: tf.tensor(values[i]!.slice(), p.variable.shape as number[]),
      }));
    const weights = [{ name: 'iter', tensor: tf.scalar(this.iterations, 'int32') }, ...moments('m', this.m), ...moments('v', this.v)];
    // setWeights makes variables of the moments; the tensors given are ours to dispose
    await optimizer.setWeights(weights);
    tf.dispose(weights.map((w) => w.tensor));
    setAdamRunningPowers(optimizer, { accBeta1: this.accBeta1, accBeta2: this.accBeta2 });
    return optimizer;
  }

  /** Takes the state of a TensorFlow.js AdamOptimizer (restored from a checkpoint), moments matched by variable name. */
  async fromOptimizer(optimizer: tf.Optimizer): Promise<void> {
    const weights = await optimizer.getWeights();
    const byName = new Map(weights.map((w) => [w.name, w.tensor]));
    this.iterations = (weights[0]!.tensor.dataSync() as Int32Array)[0]!;
    for (const [i, p] of this.parameters.entries()) {
      for (const [kind, values] of [
        ['m', this.m[i]!],
        ['v', this.v[i]!],
      ] as const) {
        const tensor = byName.get(`${p.variable.name}/${kind}`);
        if (!tensor)
          throw new Error(`the checkpoint's optimizer state has no ${p.variable.name}/${kind}: was it written for another network?`);
        values.set(tensor.dataSync() as Float32Array);
      }
    }
    const powers = adamRunningPowers(optimizer);
    if (!powers) throw new Error('HostAdam: the optimizer state to take is not an Adam optimizer');
    this.accBeta1 = powers.accBeta1;
    this.accBeta2 = powers.accBeta2;
    // getWeights makes a fresh tensor for the step count; the moments are the optimizer's own
    weights[0]!.tensor.dispose();
  }
}
