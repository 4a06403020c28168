import { expect } from 'chai';
import { tf } from './tfjs.js';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { registerSegmentSumKernel } from './segment-sum.js';
import { gatherRows, registerWasmGatherKernel } from './wasm-gather.js';

/** Gathers on several axes and ranks, an embedding lookup's gradient, and int32 tables. */
function runCases(): number[][] {
  return tf.tidy(() => {
    const table = tf.randomNormal([7, 5], 0, 1, 'float32', 3);
    const x = tf.randomNormal([3, 4, 5], 0, 1, 'float32', 4);
    const results: tf.Tensor[] = [
      tf.gather(table, tf.tensor1d([0, 6, 2, 2], 'int32')),
      tf.gather(
        table,
        tf.tensor2d(
          [
            [1, 0],
            [6, 3],
            [3, 3],
          ],
          undefined,
          'int32',
        ),
      ),
      tf.gather(x, tf.tensor1d([3, 0], 'int32'), 1),
      tf.gather(x, tf.tensor1d([4, 4, 1], 'int32'), 2),
      tf.gather(
        tf.tensor2d(
          [
            [1, 2],
            [3, 4],
          ],
          undefined,
          'int32',
        ),
        tf.tensor1d([1, 1, 0], 'int32'),
      ),
      tf.gather(table, tf.tensor1d([], 'int32')),
      tf.grad((t: tf.Tensor) => tf.sum(tf.square(tf.gather(t, tf.tensor1d([1, 1, 4], 'int32')))))(table),
    ];
    return results.map((r) => Array.from(r.dataSync()));
  });
}

describe('wasm GatherV2 that copies rows in place', function () {
  this.timeout(60_000);

  it('gatherRows copies whole rows and rejects an index out of range', () => {
    const x = Float32Array.from({ length: 12 }, (_, i) => i); // [2,3,2]
    const out = new Float32Array(8);
    gatherRows(x, 2, 3, 2, [2, 0], out);
    expect([...out]).to.deep.equal([4, 5, 0, 1, 10, 11, 6, 7]);
    expect(() => gatherRows(x, 2, 3, 2, [3], new Float32Array(4))).to.throw(/index value 3 is not in \[0, 2\]/);
  });

  it('matches the cpu kernel on every axis and rank, and in an embedding gradient, without leaking', async () => {
    await tf.setBackend('cpu');
    const reference = runCases();
    await tf.setBackend('wasm');
    registerSegmentSumKernel('wasm'); // the embedding gradient
    expect(registerWasmGatherKernel()).to.deep.equal(['GatherV2']);
    const ours = runCases();
    expect(ours.map((r) => r.length)).to.deep.equal(reference.map((r) => r.length));
    ours.forEach((values, i) => values.forEach((v, j) => expect(v, `case ${i}[${j}]`).to.equal(reference[i]![j]!)));
    const before = tf.memory().numTensors;
    runCases();
    expect(tf.memory().numTensors).to.equal(before);
    await tf.setBackend('cpu');
  });
});
