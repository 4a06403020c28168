import { expect } from 'chai';
import { tf } from './tfjs.js';
import '@tensorflow/tfjs-backend-cpu';
import { selectBackend } from './backends.js';
import { registerSegmentSumKernel, segmentSumInto } from './segment-sum.js';

/** A case: rows of x summed into segments; also the gradient of an embedding lookup. */
function runCases() {
  return tf.tidy(() => {
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
      [5, 6],
      [7, 8],
    ]);
    const plain = tf.unsortedSegmentSum(x, tf.tensor1d([2, 0, 2, -1], 'int32'), 3);
    const table = tf.variable(tf.randomNormal([50, 8], 0, 1, 'float32', 7));
    const ids = tf.tensor1d([3, 7, 3, 49, 0, 7, 7], 'int32');
    const gradient = tf.grad((t: tf.Tensor) => tf.sum(tf.square(tf.gather(t, ids))))(table);
    const result = { plain: plain.arraySync(), gradient: gradient.arraySync() as number[][] };
    table.dispose();
    return result;
  });
}

const closeTo = (actual: number[][], expected: number[][]) => {
  actual.forEach((row, i) =>
    row.forEach((value, j) => expect(value).to.be.closeTo(expected[i]![j]!, 1e-5 * Math.max(1, Math.abs(expected[i]![j]!)))),
  );
};

describe('UnsortedSegmentSum kernels', function () {
  this.timeout(60_000);
  let reference: ReturnType<typeof runCases>;

  before(async () => {
    // the stock cpu kernel is the reference
    await tf.setBackend('cpu');
    reference = runCases();
  });

  it('segmentSumInto adds rows into segments and drops negative ids', () => {
    const out = new Float32Array(6);
    segmentSumInto(Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]), Int32Array.from([2, 0, 2, -1]), 3, out);
    // segment 0: [3,4]; segment 1: none; segment 2: [1,2]+[5,6] = [6,8]; row 3 dropped
    expect([...out]).to.deep.equal([3, 4, 0, 0, 6, 8]);
    expect(() => segmentSumInto(new Float32Array(2), Int32Array.from([5]), 3, new Float32Array(6))).to.throw(
      /segment id 5 at 0 is not below numSegments 3/,
    );
  });

  it('cpu replacement matches the stock kernel, forward and as the embedding gradient', async () => {
    await tf.setBackend('cpu');
    expect(registerSegmentSumKernel('cpu')).to.equal(true);
    const ours = runCases();
    expect(ours.plain).to.deep.equal([
      [3, 4],
      [0, 0],
      [6, 8],
    ]);
    expect(ours.plain).to.deep.equal(reference.plain);
    closeTo(ours.gradient, reference.gradient);
  });

  it('wasm kernel matches the cpu reference, so embeddings train on wasm', async () => {
    const info = await selectBackend({ backend: 'wasm', log: () => undefined });
    expect(info.replacedKernels).to.include('UnsortedSegmentSum');
    const ours = runCases();
    expect(ours.plain).to.deep.equal(reference.plain);
    closeTo(ours.gradient, reference.gradient);
  });

  it('cpu replacement is fast: a 5,000-word embedding gradient in well under a second', async () => {
    await selectBackend({ backend: 'cpu', log: () => undefined });
    const table = tf.variable(tf.randomNormal([5000, 100]));
    const ids = tf.randomUniform([32 * 20], 0, 5000, 'int32');
    const started = performance.now();
    const gradient = tf.grad((t: tf.Tensor) => tf.sum(tf.gather(t, ids)))(table);
    await gradient.data();
    const seconds = (performance.now() - started) / 1000;
    tf.dispose([table, ids, gradient]);
    // the stock kernel takes ~30 s here: it loops over the table per id (segment-sum.ts)
    expect(seconds).to.be.below(5);
  });
});
