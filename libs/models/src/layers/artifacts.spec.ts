import { expect } from 'chai';
import { tf, tfl } from '@xlnlu/compute';
import { layersArtifacts, modelFromArtifacts } from './artifacts.js';

describe('Layers model artifacts', () => {
  it('a layer frozen before saving loads frozen: an optimizer step leaves it as it was', async () => {
    const input = tfl.input({ shape: [2] });
    const frozen = tfl.layers.dense({ units: 2, name: 'frozen' });
    const output = tfl.layers.dense({ units: 1, name: 'learnt' }).apply(frozen.apply(input)) as tfl.SymbolicTensor;
    const saved = tfl.model({ inputs: input, outputs: output });
    frozen.trainable = false;
    const loaded = await modelFromArtifacts(await layersArtifacts(saved));
    const weightsOf = (name: string) =>
      loaded
        .getLayer(name)
        .getWeights()
        .map((w) => Array.from(w.dataSync()));
    const [before, learntBefore] = [weightsOf('frozen'), weightsOf('learnt')];
    const x = tf.tensor2d([[1, 2]]);
    tf.train.sgd(0.5).minimize(() => tf.sum(loaded.apply(x) as tf.Tensor) as tf.Scalar);
    expect(weightsOf('frozen')).to.deep.equal(before);
    expect(weightsOf('learnt')).to.not.deep.equal(learntBefore);
    tf.dispose(x);
    saved.dispose();
    loaded.dispose();
  });
});
