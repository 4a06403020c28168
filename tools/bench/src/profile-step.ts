/**
 * npx tsx tools/bench/src/profile-step.ts [backend] [tokens]
 *
 * Where the time of one joint-model training step goes: a MASSIVE-sized batch (32 utterances of
 * `tokens` tokens, default 7, the en-US mean; 9,000 words, 111 tags, 60 intents; default model
 * size) is trained on for 20 steps, then one step is profiled by TensorFlow.js kernel. Prints the
 * mean step time and the kernels by total time as JSON. Kernel times inside the fused ops are
 * counted twice (the op's own scope and its kernels), so the list is a ranking, not a sum.
 */
import { selectBackend, tf } from '@xlnlu/compute';
import { JointNetwork } from '@xlnlu/models';

const backend = await selectBackend({ backend: process.argv[2] ?? 'wasm' });
const [B, T, V, K, I] = [32, Number(process.argv[3] ?? 7), 9_000, 111, 60];
const network = JointNetwork.build({
  vocabularySize: V,
  numTags: K,
  numIntents: I,
  embeddingDim: 100,
  encoderUnits: 128,
  intentHidden: 128,
  dropout: 0.25,
  seed: 0,
  tagConstraints: null,
  intentLossWeight: 1,
  intentLabelSmoothing: 0,
  charBigrams: null,
});
const optimizer = tf.train.adam(0.002);
const batch = {
  tokens: tf.randomUniform([B, T], 1, V, 'int32', 1) as tf.Tensor2D,
  mask: tf.ones([B, T]) as tf.Tensor2D,
  tags: tf.randomUniform([B, T], 0, K, 'int32', 2) as tf.Tensor2D,
  intents: tf.randomUniform([B], 0, I, 'int32', 3) as tf.Tensor1D,
};
const step = () => optimizer.minimize(() => network.loss(batch, true), true)!.dispose();
for (let i = 0; i < 3; i++) step();
const started = performance.now();
for (let i = 0; i < 20; i++) step();
const stepMs = (performance.now() - started) / 20;
const profile = await tf.profile(step);
const byKernel = new Map<string, { ms: number; calls: number }>();
for (const kernel of profile.kernels) {
  const entry = byKernel.get(kernel.name) ?? { ms: 0, calls: 0 };
  entry.ms += kernel.kernelTimeMs as number;
  entry.calls++;
  byKernel.set(kernel.name, entry);
}
const top = [...byKernel]
  .sort((a, b) => b[1].ms - a[1].ms)
  .slice(0, 12)
  .map(([name, { ms, calls }]) => ({
    kernel: name === 'unnamed scope' ? 'customGrad op (fused LSTM / CRF)' : name,
    ms: +ms.toFixed(1),
    calls,
  }));
console.log(
  JSON.stringify({
    backend: backend.name,
    batch: B,
    tokens: T,
    stepMs: +stepMs.toFixed(1),
    utterancesPerSecond: Math.round((B / stepMs) * 1000),
    kernelsPerStep: profile.kernels.length,
    top,
  }),
);
