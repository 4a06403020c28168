import { expect } from 'chai';
import { selectBackend, tf } from '@xlnlu/compute';
import { JOINT_INDEXED_AXES, JOINT_LAYERS, JointNetwork } from '@xlnlu/models';
import { smallJointNetworkConfig } from '@xlnlu/models/testing';
import { blocksOf, freezeBlocks } from './blocks.js';
import { indexMap } from './index-map.js';
import { transferWeights, type IndexedAxes } from './transfer-weights.js';

const base = smallJointNetworkConfig({ vocabularySize: 6, numTags: 3, numIntents: 2 });
const axes: IndexedAxes = JOINT_INDEXED_AXES;
const sourceWords = ['<pad>', '<unk>', 'play', 'music', 'stop', 'alarm'];
const targetWords = ['<pad>', '<unk>', 'alarm', 'musica', 'play', 'sveglia', 'stop'];
const values = (network: JointNetwork, layer: string, weight = 0) =>
  network.model.getLayer(layer).getWeights()[weight]!.arraySync() as number[][];

describe('transferWeights and freezeBlocks on joint networks', function () {
  this.timeout(60_000);
  before(() => selectBackend({ backend: 'cpu', log: () => undefined }));

  it('lists the blocks of a model, outer ones included', () => {
    const network = JointNetwork.build(base);
    expect(blocksOf(network.model)).to.deep.equal(['decoder', 'decoder.intent', 'decoder.slots', 'embeddings', 'encoder']);
    network.dispose();
  });

  it('copies shared embedding rows and whole encoder weights, keeps the rest, and reports what was carried over', () => {
    const source = JointNetwork.build(base);
    const target = JointNetwork.build({ ...base, vocabularySize: targetWords.length, seed: 2 });
    const before = values(target, JOINT_LAYERS.embeddings);
    const maps = { words: indexMap('words', sourceWords, targetWords) };
    const report = transferWeights(source.model, target.model, ['embeddings', 'encoder'], axes, maps);
    expect(report.carriedOver).to.deep.equal({ words: { matched: 5, of: 7 } });
    expect(report.layers.map((l) => l.layer)).to.deep.equal([JOINT_LAYERS.embeddings, JOINT_LAYERS.encoder]);
    const [sourceRows, targetRows] = [values(source, JOINT_LAYERS.embeddings), values(target, JOINT_LAYERS.embeddings)];
    targetWords.forEach((word, row) => {
      const from = sourceWords.indexOf(word);
      expect(targetRows[row], word).to.deep.equal(from >= 0 ? sourceRows[from] : before[row]);
    });
    for (let w = 0; w < 3; w++) expect(values(target, JOINT_LAYERS.encoder, w)).to.deep.equal(values(source, JOINT_LAYERS.encoder, w));
    expect(values(target, JOINT_LAYERS.intentHidden)).to.not.deep.equal(values(source, JOINT_LAYERS.intentHidden));
    source.dispose();
    target.dispose();
  });

  it('aligns classifier outputs through label maps (CRF transitions on both axes)', () => {
    const source = JointNetwork.build({ ...base, numTags: 3 });
    const target = JointNetwork.build({ ...base, numTags: 4, seed: 3 });
    const sourceTags = ['O', 'B-date', 'I-date'];
    const targetTags = ['B-date', 'B-time', 'I-date', 'O'];
    const maps = { tags: indexMap('tags', sourceTags, targetTags), intents: indexMap('intents', ['a', 'b'], ['b', 'a']) };
    const report = transferWeights(source.model, target.model, ['decoder'], axes, maps);
    expect(report.carriedOver).to.deep.equal({ tags: { matched: 3, of: 4 }, intents: { matched: 2, of: 2 } });
    const [from, to] = [values(source, JOINT_LAYERS.slotCrf), values(target, JOINT_LAYERS.slotCrf)];
    const s = (tag: string) => sourceTags.indexOf(tag);
    expect(to[targetTags.indexOf('I-date')]![targetTags.indexOf('O')]).to.equal(from[s('I-date')]![s('O')]);
    expect(to[targetTags.indexOf('B-date')]![targetTags.indexOf('I-date')]).to.equal(from[s('B-date')]![s('I-date')]);
    const [intentFrom, intentTo] = [values(source, JOINT_LAYERS.intentOutput), values(target, JOINT_LAYERS.intentOutput)];
    expect(intentTo.map((row) => row[0])).to.deep.equal(intentFrom.map((row) => row[1]));
    source.dispose();
    target.dispose();
  });

  it('is strict: unknown block, missing alignment and shape mismatch each throw and say what exists', () => {
    const source = JointNetwork.build(base);
    const target = JointNetwork.build({ ...base, embeddingDim: 6 });
    const maps = { words: indexMap('words', sourceWords, sourceWords) };
    expect(() => transferWeights(source.model, target.model, ['encoders'], axes, maps)).to.throw(
      /no block "encoders"; its blocks are decoder, decoder.intent, decoder.slots, embeddings, encoder/,
    );
    expect(() => transferWeights(source.model, target.model, ['decoder.intent'], axes, maps)).to.throw(
      /indexed by intents on axis 1, but no intents alignment was given/,
    );
    expect(() => transferWeights(source.model, target.model, ['embeddings'], axes, maps)).to.throw(
      /layer "embeddings\/words" weight 0 .* has shape \[6,4\] in the source and \[6,6\] in the target/,
    );
    source.dispose();
    target.dispose();
  });

  it('frozen blocks do not move in training while the others do', () => {
    const network = JointNetwork.build(base);
    expect(freezeBlocks(network.model, ['embeddings', 'encoder'])).to.deep.equal([JOINT_LAYERS.embeddings, JOINT_LAYERS.encoder]);
    expect(() => freezeBlocks(network.model, ['classifier'])).to.throw(/no block "classifier"/);
    const snapshot = () =>
      network.model.layers
        .filter((l) => l.weights.length > 0)
        .map((l) => ({ name: l.name, values: l.getWeights().map((w) => Array.from(w.dataSync())) }));
    const before = snapshot();
    const batch = {
      tokens: tf.tensor2d(
        [
          [2, 3, 4],
          [5, 1, 0],
        ],
        undefined,
        'int32',
      ),
      mask: tf.tensor2d([
        [1, 1, 1],
        [1, 1, 0],
      ]),
      tags: tf.tensor2d(
        [
          [0, 1, 2],
          [1, 2, 0],
        ],
        undefined,
        'int32',
      ),
      intents: tf.tensor1d([0, 1], 'int32'),
    } as const;
    const optimizer = tf.train.adam(0.05);
    for (let i = 0; i < 3; i++) optimizer.minimize(() => network.loss({ ...batch }, true), true)!.dispose();
    const after = snapshot();
    before.forEach((layer, i) => {
      const moved = layer.values.some((weight, w) => weight.some((v, j) => v !== after[i]!.values[w]![j]));
      expect(moved, layer.name).to.equal(!['embeddings/words', 'encoder/bilstm'].includes(layer.name));
    });
    optimizer.dispose();
    network.dispose();
    tf.dispose(Object.values(batch));
  });
});
