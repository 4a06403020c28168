/**
 * npx tsx tools/src/bench-crf-loss.ts [backend]
 *
 * Times the CRF negative log-likelihood, forward + backward, for one batch the size of MASSIVE
 * training (B = 32 utterances, T = 12 tokens, K = 111 tags): the tensor-op forward algorithm
 * against the fused kernel. Prints the median of 7 runs of each as JSON.
 */
import { selectBackend, tf } from '@xlnlu/compute';
import { crfNegativeLogLikelihood, crfNegativeLogLikelihoodFused } from '@xlnlu/models';

const backend = await selectBackend({ backend: process.argv[2] ?? 'wasm' });
const [B, T, K] = [32, 12, 111];
const emissions = tf.variable(tf.randomNormal([B, T, K], 0, 1, 'float32', 1));
const transitions = tf.variable(tf.randomNormal([K, K], 0, 1, 'float32', 2));
const start = tf.variable(tf.zeros([K]));
const end = tf.variable(tf.zeros([K]));
const tags = tf.randomUniform([B, T], 0, K, 'int32', 3);
const mask = tf.ones([B, T]);
const optimizer = tf.train.sgd(0);
const result: Record<string, unknown> = { backend: backend.name, batch: B, tokens: T, tags: K };
for (const [name, nll] of [
  ['tensorOpsMs', crfNegativeLogLikelihood],
  ['fusedMs', crfNegativeLogLikelihoodFused],
] as const) {
  const times: number[] = [];
  for (let run = 0; run < 7; run++) {
    const started = performance.now();
    const cost = optimizer.minimize(() => tf.mean(nll(emissions, tags, mask, transitions, start, end)) as tf.Scalar, true)!;
    await cost.data();
    cost.dispose();
    times.push(performance.now() - started);
  }
  result[name] = Number(times.sort((a, b) => a - b)[3]!.toFixed(1));
}
console.log(JSON.stringify(result));
