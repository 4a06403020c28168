import { expect } from 'chai';
import { selectBackend, tf } from '@xlnlu/compute';
import { MaskedMaxPooling, routedByOneHot, routedOnHost } from './masked-max-pooling.js';

describe('MaskedMaxPooling', () => {
  before(() => selectBackend({ backend: 'cpu', log: () => undefined }));

  it('takes the max over real positions only, and passes gradients to the winners', () => {
    const layer = new MaskedMaxPooling();
    const x = tf.tensor3d([
      [
        [-3, 1],
        [-2, 5],
        [0, 9],
      ],
      [
        [-1, -4],
        [7, 7],
        [8, 8],
      ],
    ]);
    const mask = tf.tensor2d([
      [1, 1, 0],
      [1, 0, 0],
    ]);
    expect((layer.apply(x, { mask }) as tf.Tensor).arraySync()).to.deep.equal([
      [-2, 5],
      [-1, -4],
    ]);
    expect((layer.apply(x) as tf.Tensor).arraySync()).to.deep.equal([
      [0, 9],
      [8, 8],
    ]);
    const dx = tf.grad((input: tf.Tensor) => tf.sum(layer.apply(input, { mask }) as tf.Tensor))(x);
    expect(dx.arraySync()).to.deep.equal([
      [
        [0, 0],
        [1, 1],
        [0, 0],
      ],
      [
        [1, 1],
        [0, 0],
        [0, 0],
      ],
    ]);
  });

  it('routes the gradient the same on host backends (a loop) and elsewhere (a one-hot)', () => {
    const dy = tf.randomNormal([3, 5], 0, 1, 'float32', 1);
    const winners = tf.tensor2d(
      [
        [0, 3, 3, 1, 0],
        [2, 2, 0, 1, 3],
        [3, 0, 1, 2, 2],
      ],
      undefined,
      'int32',
    );
    const host = routedOnHost(dy, winners, 4);
    expect(host.shape).to.deep.equal([3, 4, 5]);
    expect(Array.from(host.dataSync())).to.deep.equal(Array.from(routedByOneHot(dy, winners, 4).dataSync(), (v) => v + 0)); // + 0: −0 from the product
    expect(tf.sum(host).dataSync()[0]).to.be.closeTo(tf.sum(dy).dataSync()[0]!, 1e-5);
  });
});
