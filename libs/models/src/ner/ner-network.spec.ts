import { expect } from 'chai';
import { selectBackend, tf } from '@xlnlu/compute';
import { NER_LAYERS, NerNetwork, type NerBatch, type NerNetworkConfig } from './ner-network.js';

const config: NerNetworkConfig = {
  wordVocabularySize: 12,
  charVocabularySize: 15,
  numTags: 3,
  wordDim: 6,
  charDim: 6,
  charUnits: 5,
  wordUnits: 6,
  dropout: 0.1,
  decoder: 'crf',
  seed: 4,
  tagConstraints: null,
};
// Toy task: the tag of a word is decided by its first character bigram (id mod 3), whatever the
// word id, so the char module must carry the signal; word 1 is unknown everywhere.
const sentences = [
  [
    [1, [3, 4]],
    [2, [5, 6, 7]],
    [1, [9]],
  ],
  [
    [3, [4, 4]],
    [1, [6, 3]],
  ],
  [
    [4, [7]],
    [5, [8, 8, 8]],
    [6, [10, 2]],
    [1, [11]],
  ],
] as Array<Array<[number, number[]]>>;

function batch(): NerBatch {
  const T = Math.max(...sentences.map((s) => s.length));
  const C = Math.max(...sentences.flat().map(([, chars]) => chars.length));
  const words = sentences.map((s) => Array.from({ length: T }, (_, t) => s[t]?.[0] ?? 0));
  const chars = sentences.map((s) => Array.from({ length: T }, (_, t) => Array.from({ length: C }, (_, c) => s[t]?.[1][c] ?? 0)));
  return {
    words: tf.tensor2d(words, undefined, 'int32'),
    chars: tf.tensor3d(chars, undefined, 'int32'),
    mask: tf.tensor2d(sentences.map((s) => Array.from({ length: T }, (_, t) => (t < s.length ? 1 : 0)))),
    tags: tf.tensor2d(
      sentences.map((s) => Array.from({ length: T }, (_, t) => (s[t] ? s[t]![1][0]! % 3 : 0))),
      undefined,
      'int32',
    ),
  };
}
const expected = sentences.map((s) => s.map(([, chars]) => chars[0]! % 3));

function train(network: NerNetwork, steps: number, data: NerBatch): number[] {
  const optimizer = tf.train.adam(0.05);
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) {
    const loss = optimizer.minimize(() => network.loss(data, true), true)!;
    losses.push(loss.dataSync()[0]!);
    loss.dispose();
  }
  optimizer.dispose();
  return losses;
}

describe('NerNetwork', function () {
  this.timeout(120_000);
  before(() => selectBackend({ backend: 'wasm', log: () => undefined }));

  for (const decoder of ['crf', 'softmax'] as const) {
    it(`${decoder}: loss falls, the toy task is learnt through the char module, seeded, no tensor leak`, () => {
      const data = batch();
      const network = NerNetwork.build({ ...config, decoder });
      train(network, 2, data);
      const before = tf.memory().numTensors;
      const losses = train(network, 80, data);
      expect(tf.memory().numTensors - before).to.be.at.most(2);
      expect(losses[losses.length - 1]).to.be.below(losses[0]! / 4);
      expect(network.predict(data)).to.deep.equal(expected);
      const again = NerNetwork.build({ ...config, decoder });
      train(again, 2, data);
      expect(train(again, 80, data)).to.deep.equal(losses);
      network.dispose();
      again.dispose();
      tf.dispose(Object.values(data));
    });
  }

  it('trains and predicts on one-word sentences whose words have one character bigram', () => {
    const network = NerNetwork.build(config);
    const data: NerBatch = {
      words: tf.tensor2d([[3], [5]], undefined, 'int32'),
      chars: tf.tensor3d([[[4]], [[6]]], undefined, 'int32'),
      mask: tf.ones([2, 1]) as tf.Tensor2D,
      tags: tf.tensor2d([[1], [2]], undefined, 'int32'),
    };
    expect(Number.isFinite(train(network, 3, data)[2]!)).to.equal(true);
    expect(network.predict(data).map((path) => path.length)).to.deep.equal([1, 1]);
    network.dispose();
    tf.dispose(Object.values(data));
  });

  it('names its layers by block and predicts the same after saving and reloading', async () => {
    const data = batch();
    const network = NerNetwork.build(config);
    const names = [...network.charModel.layers, ...network.wordModel.layers].map((layer) => layer.name);
    expect(names).to.include.members(Object.values(NER_LAYERS));
    train(network, 30, data);
    const reloaded = await NerNetwork.fromArtifacts(await network.artifacts());
    expect(reloaded.predict(data)).to.deep.equal(network.predict(data));
    network.dispose();
    reloaded.dispose();
    tf.dispose(Object.values(data));
  });
});
