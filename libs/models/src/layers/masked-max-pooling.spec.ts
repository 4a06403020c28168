import { expect } from 'chai';
import { selectBackend, tf } from '@xlnlu/compute';
import { MaskedMaxPooling } from './masked-max-pooling.js';

describe('MaskedMaxPooling', () => {
  before(() => selectBackend({ backend: 'cpu', log: () => undefined }));

  it('takes the max over real positions only, and passes gradients to the winners', () => {
    const layer = new MaskedMaxPooling();
    const x = tf.tensor3d([[[-3, 1], [-2, 5], [0, 9]], [[-1, -4], [7, 7], [8, 8]]]);
    const mask = tf.tensor2d([[1, 1, 0], [1, 0, 0]]);
    expect((layer.apply(x, { mask }) as tf.Tensor).arraySync()).to.deep.equal([[-2, 5], [-1, -4]]);
    expect((layer.apply(x) as tf.Tensor).arraySync()).to.deep.equal([[0, 9], [8, 8]]);
    const dx = tf.grad((input: tf.Tensor) => tf.sum(layer.apply(input, { mask }) as tf.Tensor))(x);
    expect(dx.arraySync()).to.deep.equal([[[0, 0], [1, 1], [0, 0]], [[1, 1], [0, 0], [0, 0]]]);
  });
});
