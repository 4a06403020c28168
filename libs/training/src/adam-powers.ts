import { tf } from '@xlnlu/compute';

/** Adam's running powers β₁ᵗ and β₂ᵗ, as float32 numbers. */
export interface AdamPowers {
  accBeta1: number;
  accBeta2: number;
}

/** tfjs's Adam keeps its running powers in private variables; reached here, and only here. */
type AdamInternals = { accBeta1: tf.Variable; accBeta2: tf.Variable };

const internals = (optimizer: tf.Optimizer): AdamInternals | undefined =>
  optimizer instanceof tf.AdamOptimizer ? (optimizer as unknown as AdamInternals) : undefined;

/**
 * The running powers of an Adam optimizer. tfjs's setWeights recomputes them as pow(β, t + 1),
 * which differs in the last bits from the product of float32 multiplications an uninterrupted run
 * has, so checkpoints save and restore them (checkpoint.ts); undefined for another optimizer.
 */
export function adamRunningPowers(optimizer: tf.Optimizer): AdamPowers | undefined {
  const adam = internals(optimizer);
  return adam ? { accBeta1: adam.accBeta1.dataSync()[0]!, accBeta2: adam.accBeta2.dataSync()[0]! } : undefined;
}

/** Sets an Adam optimizer's running powers (nothing for another optimizer). */
export function setAdamRunningPowers(optimizer: tf.Optimizer, powers: AdamPowers): void {
  const adam = internals(optimizer);
  if (!adam) return;
  tf.tidy(() => {
    adam.accBeta1.assign(tf.scalar(powers.accBeta1));
    adam.accBeta2.assign(tf.scalar(powers.accBeta2));
  });
}
