import { expect } from 'chai';
import { selectBackend, tf } from '@xlnlu/compute';
import { MaskedMean, MaskedSum } from './masked-mean.js';

describe('MaskedMean and MaskedSum', () => {
  before(() => selectBackend({ backend: 'cpu', log: () => undefined }));

  it('averages (or sums) the unmasked entries of each word, and gives zeros to a word with none', () => {
    const x = tf.tensor4d([
      [
        [
          [1, 2],
          [3, 4],
          [100, 100],
        ],
        [
          [5, 6],
          [7, 8],
          [9, 10],
        ],
        [
          [50, 50],
          [50, 50],
          [50, 50],
        ],
      ],
    ]);
    const mask = tf.tensor3d([
      [
        [1, 1, 0],
        [1, 1, 1],
        [0, 0, 0],
      ],
    ]);
    const mean = new MaskedMean().apply(x, { mask }) as tf.Tensor;
    expect(mean.arraySync()).to.deep.equal([
      [
        [2, 3],
        [7, 8],
        [0, 0],
      ],
    ]);
    const sum = new MaskedSum().apply(x, { mask }) as tf.Tensor;
    expect(sum.arraySync()).to.deep.equal([
      [
        [4, 6],
        [21, 24],
        [0, 0],
      ],
    ]);
  });
});
