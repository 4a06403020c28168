import { expect } from 'chai';
import { selectBackend, tf, tfl } from '@xlnlu/compute';
import { ConcatFirstMask } from './concat-first-mask.js';

describe('ConcatFirstMask', () => {
  before(() => selectBackend({ backend: 'cpu', log: () => undefined }));

  it("concatenates on the last axis and keeps the first input's mask", () => {
    const layer = new ConcatFirstMask();
    const a = tf.ones([1, 2, 3]);
    const b = tf.zeros([1, 2, 2]);
    const mask = tf.tensor2d([[1, 0]], undefined, 'bool');
    expect((layer.apply([a, b]) as tf.Tensor).shape).to.deep.equal([1, 2, 5]);
    expect((layer.computeMask([a, b], [mask, null as unknown as tf.Tensor]) as tf.Tensor).arraySync()).to.deep.equal([[1, 0]]);
    expect(
      layer.computeOutputShape([
        [null, 4, 3],
        [null, 4, 2],
      ]),
    ).to.deep.equal([null, 4, 5]);
    tf.dispose([a, b, mask]);
  });

  it('lets gradients flow where tfjs Concatenate fails (a trainable unmasked input)', () => {
    const words = tfl.input({ shape: [null], dtype: 'int32' });
    const extra = tfl.input({ shape: [null, 2] });
    const embedded = tfl.layers.embedding({ inputDim: 5, outputDim: 2, maskZero: true }).apply(words) as tfl.SymbolicTensor;
    const joined = new ConcatFirstMask().apply([embedded, extra]) as tfl.SymbolicTensor;
    const out = tfl.layers.lstm({ units: 2 }).apply(joined) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: [words, extra], outputs: out });
    const w = tf.variable(tf.ones([1, 3, 2]));
    const ids = tf.tensor2d([[1, 2, 0]], undefined, 'int32');
    const { grads } = tf.variableGrads(() => tf.sum(model.apply([ids, tf.mul(w, 2)]) as tf.Tensor) as tf.Scalar);
    expect(Object.keys(grads).length).to.be.above(1);
    tf.dispose([w, ids, ...Object.values(grads)]);
    model.dispose();
  });
});
