import seedrandom from 'seedrandom';

export interface AdaGradOptions {
  learningRate: number;
  /** L2 penalty, applied to each weight when it is updated (lazily, on the features in use). */
  l2: number;
}

/** An AdaGrad updater over `weights`: update(k, gradient) moves weight k. */
export function adaGrad(weights: Float32Array, options: AdaGradOptions): (k: number, gradient: number) => void {
  const squared = new Float32Array(weights.length).fill(1e-8);
  return (k, gradient) => {
    const g = gradient + options.l2 * weights[k]!;
    squared[k]! += g * g;
    weights[k]! -= (options.learningRate * g) / Math.sqrt(squared[k]!);
  };
}

/** The example order of each epoch: a fresh seeded shuffle of 0..n−1 per epoch. */
export function* epochOrders(n: number, epochs: number, seed: number): Generator<number[]> {
  const random = seedrandom(String(seed));
  const order = Array.from({ length: n }, (_, i) => i);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    yield order;
  }
}

export function encodeWeights(weights: Float32Array): string {
  return Buffer.from(weights.buffer, weights.byteOffset, weights.byteLength).toString('base64');
}

export function decodeWeights(base64: string, expected: number, where: string): Float32Array {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.byteLength !== expected * 4) throw new Error(`${where}: ${bytes.byteLength / 4} weights, expected ${expected}`);
  const weights = new Float32Array(expected);
  new Uint8Array(weights.buffer).set(bytes);
  return weights;
}
