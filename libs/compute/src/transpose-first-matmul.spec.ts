import { expect } from 'chai';
import { tf } from './tfjs.js';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { registerTransposeFirstMatMul } from './transpose-first-matmul.js';

/** Every transpose combination, plain and batched (with a broadcast batch), and a matMul gradient. */
function runCases(): number[][] {
  return tf.tidy(() => {
    const results: tf.Tensor[] = [];
    const a = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 1);
    const b = tf.randomNormal([1, 4, 5], 0, 1, 'float32', 2);
    for (const transposeA of [false, true]) {
      for (const transposeB of [false, true]) {
        const left = transposeA ? tf.transpose(a, [0, 2, 1]) : a;
        const right = transposeB ? tf.transpose(b, [0, 2, 1]) : b;
        results.push(tf.matMul(left, right, transposeA, transposeB));
        results.push(
          tf.matMul(
            left.reshape([-1, left.shape[2]!]).slice([0, 0], [left.shape[1]!, -1]),
            right.reshape([right.shape[1]!, right.shape[2]!]),
            transposeA,
            transposeB,
          ),
        );
      }
    }
    const [da, db] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.square(tf.matMul(x, y))))([a.reshape([6, 4]), b.reshape([4, 5])]);
    results.push(da!, db!);
    return results.map((r) => Array.from(r.dataSync()));
  });
}

describe('BatchMatMul with transposed operands (transpose first)', function () {
  this.timeout(60_000);
  let reference: number[][];
  before(async () => {
    await tf.setBackend('cpu');
    reference = runCases(); // the stock kernel, before any replacement
  });

  for (const backend of ['cpu', 'wasm']) {
    it(`${backend}: matches the stock cpu kernel in every transpose combination and in gradients`, async () => {
      await tf.setBackend(backend);
      expect(registerTransposeFirstMatMul(backend)).to.equal(true);
      const ours = runCases();
      expect(ours.length).to.equal(reference.length);
      ours.forEach((values, i) =>
        values.forEach((v, j) =>
          expect(v, `case ${i}[${j}]`).to.be.closeTo(reference[i]![j]!, 1e-4 * Math.max(1, Math.abs(reference[i]![j]!))),
        ),
      );
      const before = tf.memory().numTensors;
      const bytes = tf.memory().numBytes;
      runCases();
      expect(tf.memory().numTensors).to.equal(before);
      expect(tf.memory().numBytes).to.equal(bytes);
    });
  }

  it('leaves other backends alone', () => {
    expect(registerTransposeFirstMatMul('tensorflow')).to.equal(false);
  });
});
