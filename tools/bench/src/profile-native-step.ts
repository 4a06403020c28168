/**
 * npx tsx tools/bench/src/profile-native-step.ts [joint|ner] [words] [steps]
 *
 * The time of one native training step (JointHostNetwork or NerHostNetwork, then HostAdam) on a
 * MASSIVE-sized batch of 32 utterances of `words` words (default 7 joint, 12 NER). joint: 9,000
 * words, 111 tags, 60 intents, 2,000 char bigrams of 50 dimensions, the default model sizes. ner:
 * the ja-JP config (2,400 words, 400 romanized bigrams of 30 dimensions, 50 + 128 LSTM units, 99
 * tags), each word of 1 to 8 bigrams. Runs `steps` steps (default 200) after 5 of warm-up; prints
 * the mean milliseconds of the loss-and-gradients call and of the Adam update as JSON.
 */
import { nativeKernels, selectBackend } from '@xlnlu/compute';
import { JointHostNetwork, JointNetwork, NerHostNetwork, NerNetwork, type HostTrainingStep } from '@xlnlu/models';
import { HostAdam } from '@xlnlu/training';

await selectBackend({ backend: 'wasm', log: () => undefined });
const kernels = nativeKernels();
if (!kernels) throw new Error('the native core is not built: npm run build:native');
const network = process.argv[2] ?? 'joint';
if (network !== 'joint' && network !== 'ner') throw new Error(`expected joint or ner, got ${network}`);
const B = 32;
const T = Number(process.argv[3] ?? (network === 'joint' ? 7 : 12));
const steps = Number(process.argv[4] ?? 200);
let state = 1;
// a 32-bit LCG in integer arithmetic, its high bits drawn (products of doubles lose the low bits)
const next = (limit: number) => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 16) % limit;
const ids = (length: number, limit: number) => Int32Array.from({ length }, () => 1 + next(limit - 1));

function jointCase(): { step: HostTrainingStep<unknown>; batch: unknown } {
  const [V, K, I, Vb, C] = [9_000, 111, 60, 2_000, 6];
  const built = JointNetwork.build({
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
  const batch = {
    B,
    T,
    C,
    N: 0,
    tokens: ids(B * T, V),
    mask: new Float32Array(B * T).fill(1),
    bigrams: ids(B * T * C, Vb),
    space: null,
    ngrams: null,
    tags: Int32Array.from({ length: B * T }, () => next(K)),
    intents: Int32Array.from({ length: B }, () => next(I)),
  };
  return { step: new JointHostNetwork(built, kernels!) as HostTrainingStep<unknown>, batch };
}

function nerCase(): { step: HostTrainingStep<unknown>; batch: unknown } {
  const [Vw, Vc, K, C] = [2_400, 400, 99, 12];
  const built = NerNetwork.build({
    wordVocabularySize: Vw,
    charVocabularySize: Vc,
    numTags: K,
    wordDim: 100,
    charDim: 30,
    charUnits: 50,
    wordUnits: 128,
    dropout: 0.25,
    decoder: 'crf',
    seed: 0,
    tagConstraints: null,
  });
  const chars = new Int32Array(B * T * C);
  for (let word = 0; word < B * T; word++) chars.set(ids(1 + next(8), Vc), word * C);
  const batch = {
    B,
    T,
    C,
    words: ids(B * T, Vw),
    chars,
    mask: new Float32Array(B * T).fill(1),
    tags: Int32Array.from({ length: B * T }, () => next(K)),
  };
  return { step: new NerHostNetwork(built, kernels!) as HostTrainingStep<unknown>, batch };
}

const { step, batch } = network === 'joint' ? jointCase() : nerCase();
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
console.log(
  JSON.stringify({
    network,
    batch: B,
    words: T,
    parameters: step.parameters.reduce((sum, p) => sum + p.values.length, 0),
    lossAndGradientsMs: +(gradientsMs / steps).toFixed(3),
    adamMs: +(adamMs / steps).toFixed(3),
    sequencesPerSecond: Math.round((B * steps * 1000) / (gradientsMs + adamMs)),
  }),
);
