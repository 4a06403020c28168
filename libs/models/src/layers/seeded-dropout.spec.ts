import { expect } from 'chai';
import { selectBackend, tf } from '@xlnlu/compute';
import { SeededDropout } from './seeded-dropout.js';

describe('SeededDropout', () => {
  before(() => selectBackend({ backend: 'cpu', log: () => undefined }));

  it('draws a new mask on every training call, the same sequence for the same seed', () => {
    const x = tf.ones([4, 50]);
    const masks = (seed: number) => {
      const layer = new SeededDropout({ rate: 0.5, seed });
      return [0, 1, 2].map(() => Array.from((layer.apply(x, { training: true }) as tf.Tensor).dataSync()));
    };
    const [a, b] = [masks(3), masks(3)];
    expect(a).to.deep.equal(b);
    expect(a[0]).to.not.deep.equal(a[1]);
    expect(a[1]).to.not.deep.equal(a[2]);
    // inverted dropout: kept units are scaled by 1 / (1 − rate)
    expect(new Set(a[0])).to.deep.equal(new Set([0, 2]));
    tf.dispose(x);
  });

  it('is the identity at inference and round-trips its config', () => {
    const layer = new SeededDropout({ rate: 0.3, seed: 1, name: 'encoder/dropout' });
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    expect((layer.apply(x, { training: false }) as tf.Tensor).arraySync()).to.deep.equal([
      [1, 2],
      [3, 4],
    ]);
    expect(layer.getConfig()).to.deep.include({ rate: 0.3, seed: 1, name: 'encoder/dropout' });
    expect(() => new SeededDropout({ rate: 1, seed: 0 })).to.throw(/rate must be in \[0, 1\)/);
    tf.dispose(x);
  });
});
