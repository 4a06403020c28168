import { expect } from 'chai';
import { tf } from './tfjs.js';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { copyBlock, registerWasmSliceKernels } from './wasm-slices.js';

/** Slices, unstacks and splits on several axes and ranks, and their gradients. */
function runCases(): number[][] {
  return tf.tidy(() => {
    const x = tf.randomNormal([3, 4, 5, 2], 0, 1, 'float32', 11);
    const results: tf.Tensor[] = [
      tf.slice(x, [1, 0, 2, 0], [2, 3, 2, 2]),
      tf.slice(x, [0, 1], [-1, 2]),
      tf.slice(tf.reshape(x, [12, 10]), [3, 4], [5, 6]),
      tf.slice(tf.reshape(x, [120]), [7], [50]),
      tf.slice(
        tf.tensor2d(
          [
            [1, 2, 3],
            [4, 5, 6],
          ],
          undefined,
          'int32',
        ),
        [0, 1],
        [2, 2],
      ),
      ...tf.unstack(x, 0),
      ...tf.unstack(x, 2),
      ...tf.unstack(x, 3),
      ...tf.split(x, 2, 3),
      ...tf.split(x, [1, 3, 1], 2),
      ...tf.split(x, [2, 2], 1),
    ];
    const dx = tf.grad((input: tf.Tensor) => {
      const [a, b] = tf.split(input, [1, 4], 2);
      const steps = tf.unstack(input, 1);
      return tf.sum(tf.add(tf.sum(tf.mul(a!, 3)), tf.add(tf.sum(tf.square(b!)), tf.sum(tf.mul(steps[2]!, steps[3]!)))));
    })(x);
    results.push(dx);
    return results.map((r) => Array.from(r.dataSync()));
  });
}

describe('wasm Slice, Unpack and SplitV that read the heap in place', function () {
  this.timeout(60_000);

  it('copyBlock copies a block run by run', () => {
    const x = Float32Array.from({ length: 24 }, (_, i) => i); // shape [2,3,4]
    const out = new Float32Array(4);
    copyBlock(x, [2, 3, 4], [1, 1, 1], [1, 2, 2], out);
    expect([...out]).to.deep.equal([17, 18, 21, 22]);
  });

  it('match the cpu kernels on slices, unstacks, splits and their gradients, without leaking', async () => {
    await tf.setBackend('cpu');
    const reference = runCases();
    await tf.setBackend('wasm');
    expect(registerWasmSliceKernels()).to.deep.equal(['Slice', 'Unpack', 'SplitV']);
    const ours = runCases();
    expect(ours.map((r) => r.length)).to.deep.equal(reference.map((r) => r.length));
    ours.forEach((values, i) => values.forEach((v, j) => expect(v, `case ${i}[${j}]`).to.be.closeTo(reference[i]![j]!, 1e-6)));
    const before = tf.memory().numTensors;
    runCases();
    expect(tf.memory().numTensors).to.equal(before);
    const strings = tf
      .unstack(
        tf.tensor2d([
          ['a', 'b'],
          ['c', 'd'],
        ]),
        1,
      )
      .map((t) => t.arraySync());
    expect(strings).to.deep.equal([
      ['a', 'c'],
      ['b', 'd'],
    ]);
    await tf.setBackend('cpu');
  });
});
