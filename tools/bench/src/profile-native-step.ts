/**
 * npx tsx tools/bench/src/profile-native-step.ts [tokens] [steps]
 *
 * Where the time of one native joint training step goes (JointHostNetwork + HostAdam): the batch of
 * profile-step.ts (32 utterances of `tokens` tokens, default 7; 9,000 words, 111 tags, 60 intents,
 * 2,000 char bigrams of 50 dimensions; default model size), `steps` steps (default 200). Prints the
 * mean milliseconds of the loss-and-gradients call and of the Adam update as JSON.
 */
import { nativeKernels, selectBackend } from '@xlnlu/compute';
import { JointHostNetwork, JointNetwork, type JointHostBatch } from '@xlnlu/models';
import { HostAdam } from '@xlnlu/training';

await selectBackend({ backend: 'wasm', log: () => undefined });
const kernels = nativeKernels();
if (!kernels) throw new Error('the native core is not built: npm run build:native');
const [B, T, V, K, I, Vb, C] = [32, Number(process.argv[2] ?? 7), 9_000, 111, 60, 2_000, 6];
const steps = Number(process.argv[3] ?? 200);
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
  charBigrams: { vocabularySize: Vb, dim: 50 },
});
let state = 1;
// a 32-bit LCG in integer arithmetic, its high bits drawn (products of doubles lose the low bits)
const next = (limit: number) => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 16) % limit;
const batch: JointHostBatch = {
  B,
  T,
  C,
  N: 0,
  tokens: Int32Array.from({ length: B * T }, () => 1 + next(V - 1)),
  mask: new Float32Array(B * T).fill(1),
  bigrams: Int32Array.from({ length: B * T * C }, () => 1 + next(Vb - 1)),
  space: null,
  ngrams: null,
  tags: Int32Array.from({ length: B * T }, () => next(K)),
  intents: Int32Array.from({ length: B }, () => next(I)),
};
const step = new JointHostNetwork(network, kernels);
const adam = new HostAdam(step.parameters, 0.002, kernels);
let gradientsMs = 0;
let adamMs = 0;
for (let i = 0; i < steps + 5; i++) {
  const started = performance.now();
  step.lossAndGradients(batch);
  const computed = performance.now();
  adam.apply();
  if (i >= 5) {
    gradientsMs += computed - started;
    adamMs += performance.now() - computed;
  }
}
const parameters = step.parameters.reduce((sum, p) => sum + p.values.length, 0);
console.log(
  JSON.stringify({
    batch: B,
    tokens: T,
    parameters,
    lossAndGradientsMs: +(gradientsMs / steps).toFixed(3),
    adamMs: +(adamMs / steps).toFixed(3),
    utterancesPerSecond: Math.round((B * steps * 1000) / (gradientsMs + adamMs)),
  }),
);
