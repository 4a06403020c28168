import { expect } from 'chai';
import { selectBackend, tf } from '@xlnlu/compute';
import { JOINT_LAYERS, JointNetwork, type JointBatch } from './joint-network.js';
import { smallJointNetworkConfig } from '../testing/joint-network-config.js';

const config = smallJointNetworkConfig({
  vocabularySize: 20,
  numTags: 4,
  embeddingDim: 8,
  encoderUnits: 8,
  intentHidden: 8,
  dropout: 0.1,
  seed: 3,
});
// A learnable toy task: a token's tag is its id mod 4; the intent is the first token's id mod 3.
const sentences = [
  [3, 4, 5, 6],
  [7, 8, 9],
  [10, 11],
  [12, 13, 14, 15],
  [16, 17, 2],
  [5, 9, 13],
];

function batch(): JointBatch {
  const T = Math.max(...sentences.map((s) => s.length));
  const pad = (row: number[]) => [...row, ...new Array(T - row.length).fill(0)];
  return {
    tokens: tf.tensor2d(sentences.map(pad), undefined, 'int32'),
    mask: tf.tensor2d(sentences.map((s) => pad(s.map(() => 1)))),
    tags: tf.tensor2d(
      sentences.map((s) => pad(s.map((id) => id % 4))),
      undefined,
      'int32',
    ),
    intents: tf.tensor1d(
      sentences.map((s) => s[0]! % 3),
      'int32',
    ),
  };
}

function train(network: JointNetwork, steps: number, data: JointBatch): number[] {
  const optimizer = tf.train.adam(0.05);
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const loss = optimizer.minimize(() => network.loss(data, true), true)!;
    losses.push(loss.dataSync()[0]!);
    loss.dispose();
  }
  optimizer.dispose();
  return losses;
}

describe('JointNetwork', function () {
  this.timeout(120_000);
  before(() => selectBackend({ backend: 'cpu', log: () => undefined }));

  it('names its layers by block', () => {
    const network = JointNetwork.build({
      ...config,
      charBigrams: { vocabularySize: 5, dim: 2 },
      spaceVectors: { vocabularySize: 7, dim: 3 },
      intentNgrams: { buckets: 16, dim: 2, wide: true },
    });
    const names = network.model.layers.map((layer) => layer.name);
    expect(names).to.include.members(Object.values(JOINT_LAYERS));
    network.dispose();
  });

  it('overwrites chosen embedding rows, leaving the others', () => {
    const network = JointNetwork.build(config);
    const layer = network.model.getLayer(JOINT_LAYERS.embeddings);
    const before = layer.getWeights()[0]!.arraySync() as number[][];
    const vector = Float32Array.from({ length: 8 }, (_, i) => i / 10);
    expect(network.setEmbeddingRows(new Map([[5, vector]]))).to.equal(1);
    const after = layer.getWeights()[0]!.arraySync() as number[][];
    after[5]!.forEach((v, i) => expect(v).to.be.closeTo(vector[i]!, 1e-7));
    expect(after[4]).to.deep.equal(before[4]);
    expect(() => network.setEmbeddingRows(new Map([[99, vector]]))).to.throw(RangeError);
    expect(() => network.setEmbeddingRows(new Map([[1, new Float32Array(3)]]))).to.throw(/vector of 3 values, the table has 8/);
    network.dispose();
  });

  it('lowers its loss, learns the toy task, is seeded, and leaks no tensors', () => {
    const data = batch();
    const network = JointNetwork.build(config);
    train(network, 2, data); // let the optimizer create its slots
    const before = tf.memory().numTensors;
    const losses = train(network, 60, data);
    expect(tf.memory().numTensors - before).to.be.at.most(2); // Adam's own step counters, not per step
    expect(losses[losses.length - 1]).to.be.below(losses[0]! / 4);
    const prediction = network.predict(data);
    expect(prediction.tags).to.deep.equal(sentences.map((s) => s.map((id) => id % 4)));
    expect(prediction.intents).to.deep.equal(sentences.map((s) => s[0]! % 3));
    const again = JointNetwork.build(config);
    train(again, 2, data);
    expect(train(again, 60, data)).to.deep.equal(losses);
    network.dispose();
    again.dispose();
    tf.dispose(Object.values(data));
  });

  it('with intent label smoothing, stops short of certainty (the smoothed target)', () => {
    const data = batch();
    const plain = JointNetwork.build(config);
    const smoothed = JointNetwork.build({ ...config, intentLabelSmoothing: 0.3 });
    train(plain, 60, data);
    train(smoothed, 60, data);
    const top = (network: JointNetwork) => Math.min(...network.predict(data).intentProbabilities.map((row) => Math.max(...row)));
    // 3 intents, smoothing 0.3: the target puts 0.7 + 0.1 on the gold intent
    expect(top(plain)).to.be.above(0.95);
    expect(top(smoothed)).to.be.within(0.6, 0.9);
    plain.dispose();
    smoothed.dispose();
    tf.dispose(Object.values(data));
  });

  it('trains and predicts on a batch of one-token sentences', () => {
    const network = JointNetwork.build(config);
    const data: JointBatch = {
      tokens: tf.tensor2d([[3], [7]], undefined, 'int32'),
      mask: tf.ones([2, 1]) as tf.Tensor2D,
      tags: tf.tensor2d([[3], [3]], undefined, 'int32'),
      intents: tf.tensor1d([0, 1], 'int32'),
    };
    expect(Number.isFinite(train(network, 3, data)[2]!)).to.equal(true);
    expect(network.predict(data).tags.map((path) => path.length)).to.deep.equal([1, 1]);
    network.dispose();
    tf.dispose(Object.values(data));
  });

  it('predicts the same after saving and reloading', async () => {
    const data = batch();
    const network = JointNetwork.build(config);
    train(network, 20, data);
    const reloaded = await JointNetwork.fromArtifacts(await network.artifacts());
    const [a, b] = [network.predict(data), reloaded.predict(data)];
    expect(b.tags).to.deep.equal(a.tags);
    b.intentProbabilities.forEach((row, i) => row.forEach((p, j) => expect(p).to.be.closeTo(a.intentProbabilities[i]![j]!, 1e-6)));
    network.dispose();
    reloaded.dispose();
    tf.dispose(Object.values(data));
  });

  it('a model saved on one backend loads and predicts the same on another (cpu → wasm)', async () => {
    await selectBackend({ backend: 'cpu', log: () => undefined });
    let data = batch();
    const network = JointNetwork.build(config);
    train(network, 20, data);
    const onCpu = network.predict(data);
    const artifacts = await network.artifacts();
    network.dispose();
    tf.dispose(Object.values(data));
    await selectBackend({ backend: 'wasm', log: () => undefined });
    data = batch();
    const onWasm = await JointNetwork.fromArtifacts(artifacts);
    const prediction = onWasm.predict(data);
    expect(prediction.tags).to.deep.equal(onCpu.tags);
    prediction.intentProbabilities.forEach((row, i) =>
      row.forEach((p, j) => expect(p).to.be.closeTo(onCpu.intentProbabilities[i]![j]!, 1e-4)),
    );
    onWasm.dispose();
    tf.dispose(Object.values(data));
    await selectBackend({ backend: 'cpu', log: () => undefined });
  });

  it('with char-bigram word features: learns tags only the bigrams tell apart, reloads, and checks its inputs', async () => {
    // every word is UNK (id 1); the tag is carried by the word's bigram ids (tag = first bigram id mod 4)
    const words = [
      [[4, 5], [6]],
      [[7, 9, 2], [8]],
      [[10], [11, 12]],
    ];
    const T = 2;
    const C = 3;
    const data: JointBatch = {
      tokens: tf.tensor2d(
        words.map(() => [1, 1]),
        undefined,
        'int32',
      ),
      bigrams: tf.tensor3d(
        words.map((sentence) => sentence.map((ids) => [...ids, ...new Array(C - ids.length).fill(0)])),
        [3, T, C],
        'int32',
      ),
      mask: tf.ones([3, T]) as tf.Tensor2D,
      tags: tf.tensor2d(
        words.map((sentence) => sentence.map((ids) => ids[0]! % 4)),
        undefined,
        'int32',
      ),
      intents: tf.tensor1d(
        words.map((sentence) => sentence[0]![0]! % 3),
        'int32',
      ),
    };
    const network = JointNetwork.build({ ...config, charBigrams: { vocabularySize: 13, dim: 6 } });
    expect(network.model.layers.map((layer) => layer.name)).to.include(JOINT_LAYERS.charBigramEmbeddings);
    const losses = train(network, 60, data);
    expect(losses[losses.length - 1]).to.be.below(losses[0]! / 4);
    expect(network.predict(data).tags).to.deep.equal(words.map((sentence) => sentence.map((ids) => ids[0]! % 4)));
    const reloaded = await JointNetwork.fromArtifacts(await network.artifacts());
    expect(reloaded.predict(data).tags).to.deep.equal(network.predict(data).tags);
    const { bigrams, ...withoutBigrams } = data;
    expect(() => network.predict(withoutBigrams)).to.throw(/reads character bigrams: the batch has none/);
    const plain = JointNetwork.build(config);
    expect(() => plain.predict(data)).to.throw(/has no character bigrams input, but the batch has them/);
    tf.dispose([bigrams!, ...Object.values(withoutBigrams)]);
    [network, reloaded, plain].forEach((n) => n.dispose());
  });
});
