/**
 * npx nx run bench:run [-- --quick] [--backend=auto|node-gpu|node|wasm|cpu] [--threads=N] [--utterances=N] [--reference]
 *                      [--epochs=5] [--latency-samples=1000] [--out=runs/bench/<time>.jsonl]
 *
 * The speed and memory benchmark of the toolkit on MASSIVE (en-US; ja-JP for the NER network and
 * the Japanese parse latency), with the default model configs from experiments/. Prints one JSON
 * object per figure and appends it to --out (each parse figure with the machine's own latency floor
 * measured right after it: see machineJitter). Exits with 1 when the tensor count or RSS grows across
 * training epochs (a leak), never because of speed. --quick is the CI-sized run (< 2 minutes).
 * --reference also trains the PyTorch reference of the joint network (../shared/reference, Debian's
 * python3-torch) on 3,000 utterances with 1 and 2 threads, after the toolkit's figures.
 */
import { mkdirSync, mkdtempSync, rmSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { createTextPipeline, parseCommandLine, resolveDataRoot, type Locale, type NluRecord } from '@xlnlu/data';
import { selectBackend, tf } from '@xlnlu/compute';
import {
  JointBilstmCrf,
  loadMassive,
  MaxEntNlu,
  NerBilstm,
  partition,
  readExperimentConfig,
  RunDirectory,
  trainingRecords,
  type EpochRecord,
  type JointBilstmCrfConfig,
  type TrainContext,
  type MaxEntNluConfig,
  type NerBilstmConfig,
} from '@xlnlu/training';
import { machineJitter, measureLatency, measureThroughput } from './latency.js';
import { memoryLeaks } from './memory-check.js';
import { measurePyTorchReference } from './pytorch-reference.js';

const { values } = parseCommandLine({
  usage: 'npx nx run bench:run -- [options]',
  summary:
    'The speed and memory benchmark on MASSIVE: one JSON object per figure on stdout and in --out. Exits with 1 on a tensor or ' +
    'RSS leak across epochs, never because of speed.',
  options: {
    quick: { type: 'boolean', default: false, help: 'the CI-sized run (< 2 minutes)' },
    backend: { type: 'string', help: 'auto, node-gpu, node, wasm or cpu (default: $XLNLU_BACKEND, else the fastest that loads)' },
    threads: { type: 'string', help: 'threads of the native core (default: $XLNLU_THREADS, else the machine’s cores)' },
    utterances: { type: 'string', help: 'training utterances (default: all of en-US train, 11,514; quick: 600)' },
    epochs: { type: 'string', help: 'training epochs (default: 5)' },
    'latency-samples': { type: 'string', help: 'parse latency samples (default: 1,000; quick: 200)' },
    out: { type: 'string', help: 'the JSON-lines file (default: runs/bench/bench-<time>.jsonl)' },
    reference: { type: 'boolean', default: false, help: 'also train the PyTorch reference (python3-torch) with 1 and 2 threads' },
  },
});

const positive = (name: string, value: string | undefined, fallback: number) => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${JSON.stringify(value)}`);
  return n;
};
const quick = values.quick!;
const settings = {
  quick,
  /** Training utterances for the neural models (all of en-US train by default). */
  utterances: positive('utterances', values.utterances, quick ? 600 : 11_514),
  epochs: positive('epochs', values.epochs, 5),
  latencySamples: positive('latency-samples', values['latency-samples'], quick ? 200 : 1_000),
  /** Untimed parses of dev texts before the timed ones (a server's steady state, not its first calls). */
  latencyWarmup: quick ? 50 : 300,
  evaluationUtterances: quick ? 500 : 2_974,
  nerUtterances: quick ? 300 : 2_000,
  maxentUtterances: quick ? 2_000 : 11_514,
};
const out = values.out ?? path.join('runs', 'bench', `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`);
mkdirSync(path.dirname(out), { recursive: true });

function report(figure: string, data: Record<string, unknown>): void {
  const line = JSON.stringify({ figure, ...data });
  console.log(line);
  appendFileSync(out, `${line}\n`);
}
const progress = (line: string) => console.error(`  ${line}`);
v8.setFlagsFromString('--expose-gc');
/** A full garbage collection (V8's gc, exposed at run time: no node flag to pass through nx). */
const collectGarbage = vm.runInNewContext('gc') as () => void;
/**
 * A full collection, then a second idle, before timing prediction: a server's or an evaluate
 * command's heap holds its models, not this process's training garbage, whose collection would
 * otherwise land in the timed calls; and V8 sweeps the collected heap on background threads for a
 * while after a full collection, which on two cores took the timed thread's core in scheduler
 * slices of ~4 ms (~150 preemptions over 1,000 ja-JP parses without the idle second).
 */
async function settleHeap(): Promise<void> {
  collectGarbage();
  await new Promise((resolve) => setTimeout(resolve, 1_000));
}
const rssMiB = () => process.memoryUsage().rss / 2 ** 20;

const backend = await selectBackend({ backend: values.backend, threads: values.threads });
const dataRoot = resolveDataRoot();
const work = mkdtempSync(path.join(tmpdir(), 'xlnlu-bench-'));
const problems: string[] = [];
try {
  report('setup', {
    backend: backend.name,
    description: backend.description,
    // wasm runs single-threaded in Node and cpu is plain JavaScript; libtensorflow uses its own pool
    threads: backend.tfjsName === 'tensorflow' ? 'libtensorflow default (one per core)' : 1,
    replacedKernels: backend.replacedKernels,
    native: backend.native,
    node: process.version,
    ...settings,
  });

  const massive = await loadMassive(dataRoot, ['en-US', 'ja-JP'], progress);
  const english = massive.get('en-US')!;
  const englishTest = partition(english, 'test').slice(0, settings.evaluationUtterances);
  const modelConfig = <T>(file: string) => readExperimentConfig(path.join('experiments', file)).model as T;

  // joint model: training speed and memory across epochs, then evaluation and parse latency
  const jointConfig: JointBilstmCrfConfig = {
    ...modelConfig<JointBilstmCrfConfig>('joint-bilstm-crf-en-US.json'),
    maxEpochs: settings.epochs,
    patience: settings.epochs,
  };
  const jointTrain = trainingRecords(new Map([['en-US', english]]), Math.min(settings.utterances, 11_514), 0);
  /** Trains a neural family's model in a run directory of its own, then loads its best epoch. */
  const trainModel = async <M>(
    family: { train(context: TrainContext<never>): Promise<EpochRecord[]>; load(directory: string): Promise<M> },
    name: string,
    train: NluRecord[],
    dev: NluRecord[],
    config: unknown,
  ) => {
    const run = RunDirectory.create(path.join(work, name));
    const trained = await family.train({
      train,
      dev,
      config: config as never,
      seed: 0,
      run,
      log: progress,
      transfer: null,
      resume: false,
      sharedSpace: null,
    });
    return { model: await family.load(run.modelDirectory), epochs: trained };
  };
  const { model: joint, epochs } = await trainModel(
    JointBilstmCrf,
    'joint',
    jointTrain,
    partition(english, 'dev').slice(0, 300),
    jointConfig,
  );
  const memory = epochs.map((e) => ({ epoch: e.epoch, tensors: e.tensors, rssMiB: e.rssMiB }));
  report('joint.train', {
    utterances: jointTrain.length,
    utterancesPerSecond: epochs.map((e) => Math.round(e.trainUtterancesPerSecond)),
    epochSeconds: epochs.map((e) => +(jointTrain.length / e.trainUtterancesPerSecond).toFixed(1)),
    config: {
      embeddingDim: jointConfig.embeddingDim,
      encoderUnits: jointConfig.encoderUnits,
      intentHidden: jointConfig.intentHidden,
      batchSize: jointConfig.batchSize,
    },
  });
  report('joint.memory', {
    peakRssMiBDuringTraining: Math.round(process.resourceUsage().maxRSS / 1024),
    epochs: memory.map((m) => ({ ...m, rssMiB: Math.round(m.rssMiB) })),
  });
  problems.push(...memoryLeaks(memory));
  await settleHeap();
  const jointThroughput = measureThroughput(englishTest.length, () => joint.predictRecords(englishTest));
  report('joint.evaluate', {
    utterances: englishTest.length,
    includes:
      'encoding + network + Viterbi + labels, batches of 128, after a full garbage collection and an idle second; the first pass also builds the prediction tables',
    utterancesPerSecond: jointThroughput.perSecond,
    firstPassUtterancesPerSecond: jointThroughput.firstPassPerSecond,
  });
  const parseLatency = async (locale: Locale, model: JointBilstmCrf, records: readonly NluRecord[], dev: readonly NluRecord[]) => {
    const pipeline = await createTextPipeline(locale);
    const texts = records.slice(0, settings.latencySamples).map((r) => r.text);
    const warmup = dev.slice(0, settings.latencyWarmup).map((r) => r.text);
    await settleHeap();
    const parses = measureLatency(texts, (text) => model.predictRecords([{ tokens: pipeline.tokenizer.tokenize(text), locale }]), warmup);
    // the same number of readings of fixed arithmetic right after: the machine's stalls in these minutes
    const { p50Ms, p99Ms, lateOver1Ms } = machineJitter(texts.length, 0.3);
    return { ...parses, machineFloor: { task: 'fixed arithmetic of ~0.3 ms, no allocation', p50Ms, p99Ms, lateOver1Ms } };
  };
  report('joint.parse.en-US', {
    includes:
      'tokenization + encoding + network + Viterbi, one utterance at a time, after a full garbage collection, an idle second and untimed dev texts',
    ...(await parseLatency('en-US', joint, englishTest, partition(english, 'dev'))),
  });
  joint.dispose();

  // Japanese parse latency: a joint model trained briefly on ja-JP (its accuracy is not the point)
  const japanese = massive.get('ja-JP')!;
  const japaneseTrain = trainingRecords(new Map([['ja-JP', japanese]]), 1_000, 0);
  const { model: jointJa } = await trainModel(JointBilstmCrf, 'joint-ja', japaneseTrain, partition(japanese, 'dev').slice(0, 100), {
    ...jointConfig,
    maxEpochs: 1,
    patience: 1,
  });
  report('joint.parse.ja-JP', {
    includes:
      'kuromoji tokenization (dictionary loaded once, before timing) + network + Viterbi, after a full garbage collection, an idle second and untimed dev texts',
    ...(await parseLatency('ja-JP', jointJa, partition(japanese, 'test'), partition(japanese, 'dev'))),
  });
  jointJa.dispose();

  // NER network on ja-JP with the article's views
  // three epochs: the first one's speed includes compiling and first allocations
  const nerConfig: NerBilstmConfig = { ...modelConfig<NerBilstmConfig>('ner-bilstm-ja-JP.json'), maxEpochs: 3, patience: 3 };
  const nerTrain = trainingRecords(new Map([['ja-JP', japanese]]), settings.nerUtterances, 0);
  const { model: ner, epochs: nerEpochs } = await trainModel(
    NerBilstm,
    'ner',
    nerTrain,
    partition(japanese, 'dev').slice(0, 100),
    nerConfig,
  );
  const japaneseTest = partition(japanese, 'test').slice(0, settings.evaluationUtterances);
  await ner.prepare(['ja-JP']); // the romanizer of the char view, loaded before timing
  await settleHeap();
  const nerThroughput = measureThroughput(japaneseTest.length, () => ner.predictRecords(japaneseTest));
  report('ner.ja-JP', {
    views: { word: nerConfig.wordView, char: nerConfig.charView },
    trainSentences: nerTrain.length,
    trainSentencesPerSecond: nerEpochs.map((e) => Math.round(e.trainUtterancesPerSecond)),
    evaluateSentencesPerSecond: nerThroughput.perSecond,
    evaluateFirstPassSentencesPerSecond: nerThroughput.firstPassPerSecond,
  });
  ner.dispose();

  // max-ent domain classifier
  const maxent = modelConfig<MaxEntNluConfig>('maxent-nlu-en-US.json');
  const maxentTrain = partition(english, 'train').slice(0, settings.maxentUtterances);
  const started = performance.now();
  const domain = MaxEntNlu.train(maxentTrain, { ...maxent, intent: null, slots: null }, 0, () => undefined);
  const trainSeconds = (performance.now() - started) / 1000;
  report('maxent.domain', {
    trainUtterances: maxentTrain.length,
    trainSeconds: +trainSeconds.toFixed(2),
    predictionsPerSecond: measureThroughput(englishTest.length, () => englishTest.forEach((r) => domain.predict(r))).perSecond,
  });

  if (values.reference) {
    // the PyTorch reference of the same network, measured in this run (after ours, so the two never share the cores)
    const reference = measurePyTorchReference(dataRoot, 3_000);
    const joint = epochs.map((e) => e.trainUtterancesPerSecond);
    report('reference.pytorch', {
      ...reference,
      ...(reference.available ? { jointTrainingRatio: +(Math.max(...joint) / reference.best.trainUtterancesPerSecond).toFixed(1) } : {}),
    });
  }
  report('memory', {
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    rssMiB: Math.round(rssMiB()),
    tensors: tf.memory().numTensors,
  });
  report('verdict', { leaks: problems });
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.error(`figures written to ${out}`);
if (problems.length > 0) {
  console.error(`memory leak:\n  ${problems.join('\n  ')}`);
  process.exitCode = 1;
}
