import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NATIVE_ENV, selectBackend } from '@xlnlu/compute';
import { nativeKernelsOrSkip } from '@xlnlu/compute/testing';
import { evaluateRun } from '../../evaluate-run.js';
import { loadMassive, partition } from '../../massive-data.js';
import { fixtureDataRoot } from '../../testing/fixture-data.js';
import { tinyJointModel } from '../../testing/fixture-model.js';
import { trainRun } from '../../train-run.js';
import { JointBilstmCrf } from './joint-bilstm-crf.js';

describe('joint-bilstm-crf run (fixture data)', function () {
  this.timeout(180_000);
  const dataRoot = fixtureDataRoot();
  const work = mkdtempSync(path.join(tmpdir(), 'xlnlu-joint-'));
  const configFile = path.join(work, 'joint.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      name: 'joint-fixture',
      seed: 1,
      model: tinyJointModel(25, { dropout: 0.1 }),
    }),
  );
  const runsDir = path.join(work, 'runs');
  const run = path.join(runsDir, 'joint-fixture');

  before(() => selectBackend({ backend: 'wasm', log: () => undefined }));

  it('trains: loss falls, tensor count stays flat across epochs, the best model is saved with its metadata', async () => {
    await trainRun({ configFile, runsDir, dataRoot });
    const epochs = readFileSync(path.join(run, 'train-log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((e) => e.stage === 'joint');
    expect(epochs).to.have.length(25);
    expect(epochs[24].meanLoss).to.be.below(epochs[0].meanLoss / 3);
    const tensors = epochs.map((e) => e.tensors);
    expect(new Set(tensors.slice(1)).size, `tensors per epoch: ${tensors.join(', ')}`).to.equal(1);
    for (const file of ['model.json', 'model.bin', 'metadata.json']) expect(existsSync(path.join(run, 'model', file)), file).to.equal(true);
  });

  it('evaluates: the fixture is learnt', async () => {
    const { metrics } = await evaluateRun({ runDir: run, locale: 'en-US', partition: 'test', dataRoot });
    expect(metrics.intentAccuracy!.estimate).to.be.above(0.9);
    expect(metrics.slotF1!.estimate).to.be.above(0.8);
    expect(metrics.domainAccuracy!.estimate).to.be.above(0.9);
    const items = JSON.parse(readFileSync(path.join(run, 'metrics', 'en-US.items.json'), 'utf8'));
    expect(items.recordIds).to.have.length(metrics.utterances);
    expect(items.frameCorrect).to.have.length(metrics.utterances);
    expect(items.frameCorrect.filter((x: number) => x === 1).length / metrics.utterances).to.be.closeTo(
      metrics.frameAccuracy!.estimate,
      1e-9,
    );
  });

  it('reloads and predicts the same', async () => {
    const records = partition((await loadMassive(dataRoot, ['en-US'])).get('en-US')!, 'dev');
    const [a, b] = [await JointBilstmCrf.load(path.join(run, 'model')), await JointBilstmCrf.load(path.join(run, 'model'))];
    expect(b.predictRecords(records)).to.deep.equal(a.predictRecords(records));
    a.dispose();
    b.dispose();
  });

  it('starts the embeddings from pre-trained vectors, and rejects vectors of another dimension', async () => {
    const vec = (dimension: number) => {
      const file = path.join(work, `words-${dimension}.vec`);
      writeFileSync(
        file,
        `3 ${dimension}\nwake ${'0.5 '.repeat(dimension).trim()}\nrome ${'0.1 '.repeat(dimension).trim()}\nunrelated ${'1 '.repeat(dimension).trim()}\n`,
      );
      return file;
    };
    const base = JSON.parse(readFileSync(configFile, 'utf8'));
    const withVectors = path.join(work, 'vectors.json');
    writeFileSync(
      withVectors,
      JSON.stringify({ ...base, name: 'joint-vectors', model: { ...base.model, maxEpochs: 1, pretrainedVectors: vec(16) } }),
    );
    await trainRun({ configFile: withVectors, runsDir, dataRoot });
    const log = readFileSync(path.join(runsDir, 'joint-vectors', 'train-log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(log.find((entry) => entry.wordsCovered !== undefined)).to.deep.include({ wordsCovered: 2 });
    writeFileSync(
      withVectors,
      JSON.stringify({ ...base, name: 'joint-vectors', model: { ...base.model, maxEpochs: 1, pretrainedVectors: vec(5) } }),
    );
    let error: unknown;
    await trainRun({ configFile: withVectors, runsDir, dataRoot, force: true }).catch((caught: unknown) => (error = caught));
    expect(String(error)).to.match(/words-5\.vec: vectors have 5 dimensions but model\.embeddingDim is 16/);
  });

  it('trains with char-bigram word features, saves them with the model, and reloads to the same predictions', async () => {
    const base = JSON.parse(readFileSync(configFile, 'utf8'));
    const withBigrams = path.join(work, 'bigrams.json');
    writeFileSync(
      withBigrams,
      JSON.stringify({ ...base, name: 'joint-bigrams', model: { ...base.model, maxEpochs: 3, charBigramDim: 8 } }),
    );
    await trainRun({ configFile: withBigrams, runsDir, dataRoot });
    const directory = path.join(runsDir, 'joint-bigrams', 'model');
    const metadata = JSON.parse(readFileSync(path.join(directory, 'metadata.json'), 'utf8'));
    expect(metadata.charBigrams.tokens).to.include('<w');
    const records = partition((await loadMassive(dataRoot, ['en-US'])).get('en-US')!, 'dev');
    const [a, b] = [await JointBilstmCrf.load(directory), await JointBilstmCrf.load(directory)];
    expect(a.network.model.inputs).to.have.length(2);
    expect(b.predictRecords(records)).to.deep.equal(a.predictRecords(records));
    a.dispose();
    b.dispose();
  });

  it('gives the intent head hashed n-gram features and their wide table, saved with the model: it learns the fixture, and a reloaded model predicts the same', async () => {
    const base = JSON.parse(readFileSync(configFile, 'utf8'));
    const withNgrams = path.join(work, 'ngrams.json');
    writeFileSync(
      withNgrams,
      JSON.stringify({
        ...base,
        name: 'joint-ngrams',
        model: { ...base.model, maxEpochs: 8, patience: 8, intentNgramBuckets: 512, intentNgramDim: 8, intentNgramWide: true },
      }),
    );
    await trainRun({ configFile: withNgrams, runsDir, dataRoot });
    const directory = path.join(runsDir, 'joint-ngrams', 'model');
    const records = partition((await loadMassive(dataRoot, ['en-US'])).get('en-US')!, 'dev');
    const [a, b] = [await JointBilstmCrf.load(directory), await JointBilstmCrf.load(directory)];
    expect(a.network.model.inputNames).to.deep.equal(['tokens', 'intent_ngrams']);
    const table = a.network.model.getLayer('decoder.intent/ngrams').getWeights()[0]!;
    expect(table.shape).to.deep.equal([513, 8]);
    // the wide table: a row of intent scores per bucket, learnt from its zero start
    const wide = a.network.model.getLayer('decoder.intent/wide').getWeights()[0]!;
    const intents = a.network.model.getLayer('decoder.intent/output').getWeights()[1]!.shape[0];
    expect(wide.shape).to.deep.equal([513, intents]);
    expect(Math.max(...Array.from(wide.dataSync(), Math.abs))).to.be.above(0.01);
    expect(b.predictRecords(records)).to.deep.equal(a.predictRecords(records));
    const correct = a.predictRecords(records).filter((p, i) => p.intent === records[i]!.intent).length;
    expect(correct / records.length).to.be.above(0.9);
    a.dispose();
    b.dispose();
  });

  it('trains a linear intent expert beside the network, saves it in metadata.json, and predicts with both: a reloaded model the same, an older file without the key still loads', async () => {
    const base = JSON.parse(readFileSync(configFile, 'utf8'));
    const withExpert = path.join(work, 'expert.json');
    writeFileSync(
      withExpert,
      JSON.stringify({ ...base, name: 'joint-expert', model: { ...base.model, maxEpochs: 2, patience: 2, intentExpert: true } }),
    );
    await trainRun({ configFile: withExpert, runsDir, dataRoot });
    const directory = path.join(runsDir, 'joint-expert', 'model');
    const metadataFile = path.join(directory, 'metadata.json');
    const metadata = JSON.parse(readFileSync(metadataFile, 'utf8'));
    expect(metadata.intentExpert.format).to.equal('xlnlu.maxent/1');
    expect(metadata.intentExpert.features).to.include('w2=<s> wake');
    const log = readFileSync(path.join(runsDir, 'joint-expert', 'train-log.jsonl'), 'utf8');
    expect(log).to.include('"stage":"intent-expert","done":true');
    const records = partition((await loadMassive(dataRoot, ['en-US'])).get('en-US')!, 'dev');
    const [a, b] = [await JointBilstmCrf.load(directory), await JointBilstmCrf.load(directory)];
    const predictions = a.predictRecords(records);
    expect(b.predictRecords(records)).to.deep.equal(predictions);
    // two epochs of a tiny network are not enough alone; with the expert the fixture's intents are read
    expect(predictions.filter((p, i) => p.intent === records[i]!.intent).length / records.length).to.be.above(0.9);
    // without the expert (the same network), the intents are the network's own
    writeFileSync(metadataFile, JSON.stringify({ ...metadata, config: { ...metadata.config, intentExpert: false }, intentExpert: null }));
    const alone = await JointBilstmCrf.load(directory);
    expect(alone.predictRecords(records).map((p) => p.tags)).to.deep.equal(predictions.map((p) => p.tags));
    expect(alone.predictRecords(records).filter((p, i) => p.intent === records[i]!.intent).length / records.length).to.be.below(0.5);
    const older = { ...metadata };
    delete older.intentExpert;
    writeFileSync(metadataFile, JSON.stringify({ ...older, config: { ...metadata.config, intentExpert: undefined } }));
    const olderModel = await JointBilstmCrf.load(directory);
    expect(olderModel.predictRecords(records)).to.deep.equal(alone.predictRecords(records));
    writeFileSync(metadataFile, JSON.stringify(older));
    let error: unknown;
    await JointBilstmCrf.load(directory).catch((caught: unknown) => (error = caught));
    expect(String(error)).to.match(/metadata\.json: config\.intentExpert is true but the file lacks an intentExpert/);
    for (const model of [a, b, alone, olderModel]) model.dispose();
  });

  it('refuses the wide intent table without intent n-grams, naming the key to set', async () => {
    const base = JSON.parse(readFileSync(configFile, 'utf8'));
    const wideOnly = path.join(work, 'wide-only.json');
    writeFileSync(wideOnly, JSON.stringify({ ...base, name: 'joint-wide-only', model: { ...base.model, intentNgramWide: true } }));
    let error: Error | undefined;
    await trainRun({ configFile: wideOnly, runsDir, dataRoot }).catch((caught: Error) => (error = caught));
    expect(error?.message).to.match(/intentNgramWide.*intentNgramBuckets > 0/);
  });

  it('makes char-bigram features from romanized tokens when charView is romanized (ja-JP), also at prediction', async () => {
    const base = JSON.parse(readFileSync(configFile, 'utf8'));
    const romanized = path.join(work, 'romanized.json');
    writeFileSync(
      romanized,
      JSON.stringify({
        ...base,
        name: 'joint-romanized',
        data: { trainLocales: ['ja-JP'] },
        model: { ...base.model, maxEpochs: 2, charBigramDim: 8, charView: 'romanized' },
      }),
    );
    await trainRun({ configFile: romanized, runsDir, dataRoot });
    const metadata = JSON.parse(readFileSync(path.join(runsDir, 'joint-romanized', 'model', 'metadata.json'), 'utf8'));
    expect(metadata.charBigrams.tokens).to.include.members(['<t', 'to', 'ky']); // tōkyō → tokyo
    expect(metadata.charBigrams.tokens.some((bigram: string) => /[\u3040-\u30ff\u4e00-\u9fff]/u.test(bigram))).to.equal(false);
    const { metrics } = await evaluateRun({ runDir: path.join(runsDir, 'joint-romanized'), locale: 'ja-JP', partition: 'test', dataRoot });
    expect(metrics.utterances).to.be.above(0);
  });

  it('word dropout replaces about its share of token ids by UNK, reproducibly', async () => {
    const model = await JointBilstmCrf.load(path.join(run, 'model'));
    const records = partition((await loadMassive(dataRoot, ['en-US'])).get('en-US')!, 'train');
    const ids = (seed: string) => {
      model.dropWords(0.3, seed);
      const batch = model.batch(
        records.map((record) => model.encode(record)),
        true,
        1,
      );
      const [tokens, mask] = [batch.tokens.dataSync(), batch.mask.dataSync()];
      const values = Array.from(tokens).filter((_, i) => mask[i]! > 0);
      Object.values(batch).forEach((t) => t.dispose());
      return values;
    };
    const dropped = ids('s');
    const share = dropped.filter((id) => id === 1).length / dropped.length;
    expect(share).to.be.within(0.2, 0.4);
    expect(ids('s')).to.deep.equal(dropped);
    model.dispose();
  });

  it('transfers blocks from a trained run: shared rows carried over and recorded, frozen blocks unchanged by training', async () => {
    const base = JSON.parse(readFileSync(configFile, 'utf8'));
    const transferConfig = path.join(work, 'transfer.json');
    const transfer = { from: run, copy: ['embeddings', 'encoder'], freeze: ['encoder'] };
    writeFileSync(
      transferConfig,
      JSON.stringify({ ...base, name: 'joint-transfer', seed: 5, model: { ...base.model, maxEpochs: 2 }, transfer }),
    );
    await trainRun({ configFile: transferConfig, runsDir, dataRoot });
    const applied = JSON.parse(readFileSync(path.join(runsDir, 'joint-transfer', 'transfer.json'), 'utf8'));
    const [source, target] = [
      await JointBilstmCrf.load(path.join(run, 'model')),
      await JointBilstmCrf.load(path.join(runsDir, 'joint-transfer', 'model')),
    ];
    const vocabularySize = source.network.model.getLayer('embeddings/words').getWeights()[0]!.shape[0];
    expect(applied.carriedOver).to.deep.equal({ words: { matched: vocabularySize - 2, of: vocabularySize } }); // all but padding and UNK
    expect(applied.frozen).to.deep.equal(['encoder/bilstm']);
    const weights = (model: JointBilstmCrf, layer: string) =>
      model.network.model
        .getLayer(layer)
        .getWeights()
        .map((w) => Array.from(w.dataSync()));
    expect(weights(target, 'encoder/bilstm')).to.deep.equal(weights(source, 'encoder/bilstm'));
    expect(weights(target, 'embeddings/words')).to.not.deep.equal(weights(source, 'embeddings/words'));
    source.dispose();
    target.dispose();
    writeFileSync(
      transferConfig,
      JSON.stringify({
        ...base,
        name: 'joint-transfer-bad',
        model: { ...base.model, maxEpochs: 1 },
        transfer: { ...transfer, copy: ['decoders'] },
      }),
    );
    let error: unknown;
    await trainRun({ configFile: transferConfig, runsDir, dataRoot }).catch((caught: unknown) => (error = caught));
    expect(String(error)).to.match(/no block "decoders"; its blocks are decoder, decoder\.intent, decoder\.slots, embeddings, encoder/);
  });

  it('stops on a non-finite loss, naming the epoch and batch', async () => {
    const base = JSON.parse(readFileSync(configFile, 'utf8'));
    const exploding = path.join(work, 'exploding.json');
    writeFileSync(
      exploding,
      JSON.stringify({ ...base, name: 'joint-exploding', model: { ...base.model, learningRate: 1e30, maxEpochs: 3 } }),
    );
    let error: unknown;
    await trainRun({ configFile: exploding, runsDir, dataRoot }).catch((caught: unknown) => (error = caught));
    expect(String(error)).to.match(
      /loss is (NaN|Infinity|-Infinity) at epoch \d+, batch \d+ of \d+; training stopped\. (No checkpoint was written yet\.|The best checkpoint \(epoch \d+\) is in )/,
    );
  });

  it('reports a model directory with a missing or mismatched metadata file', async () => {
    let error: unknown;
    await JointBilstmCrf.load(work).catch((caught: unknown) => (error = caught));
    expect(String(error)).to.match(/has no metadata\.json: is it a joint-bilstm-crf model\?/);
    const bad = mkdtempSync(path.join(tmpdir(), 'xlnlu-joint-model-'));
    writeFileSync(path.join(bad, 'metadata.json'), JSON.stringify({ format: 'xlnlu.maxent-nlu/1' }));
    await JointBilstmCrf.load(bad).catch((caught: unknown) => (error = caught));
    expect(String(error)).to.match(/expected format "xlnlu\.joint-bilstm-crf\/1", found "xlnlu\.maxent-nlu\/1"/);
  });

  it('trains on the native network by default and on TensorFlow.js with XLNLU_NATIVE=kernels, saying which; both learn the fixture', async function () {
    nativeKernelsOrSkip(this);
    const trained = async (name: string, env: string | undefined) => {
      const previous = process.env[NATIVE_ENV];
      if (env === undefined) delete process.env[NATIVE_ENV];
      else process.env[NATIVE_ENV] = env;
      const lines: string[] = [];
      try {
        await trainRun({ configFile, runsDir, dataRoot, overrides: [`name=${name}`], log: (line) => lines.push(line) });
      } finally {
        if (previous === undefined) delete process.env[NATIVE_ENV];
        else process.env[NATIVE_ENV] = previous;
      }
      const { metrics } = await evaluateRun({ runDir: path.join(runsDir, name), locale: 'en-US', partition: 'test', dataRoot });
      return { step: lines.find((line) => line.startsWith('training step:')), lines, intent: metrics.intentAccuracy!.estimate };
    };
    const native = await trained('path-native', undefined);
    const tfjs = await trained('path-tfjs', 'kernels');
    expect(native.step).to.match(/native core/);
    // progress: epoch k of N, elapsed, and the time left at the pace so far (at most: early stopping may end sooner)
    expect(native.lines).to.satisfy((lines: string[]) =>
      lines.some((line) =>
        /^epoch 1\/25 +\d+% {2}loss [\d.]+ {2}\d+ utterances\/s {2}elapsed \d+:\d\d {2}left at most \d+:\d\d$/.test(line),
      ),
    );
    expect(tfjs.step).to.match(/TensorFlow\.js/);
    expect(native.intent).to.be.above(0.9);
    expect(tfjs.intent).to.be.above(0.9);
  });
});
