import { expect } from 'chai';
import { selectBackend, tf } from '@xlnlu/compute';
import { nativeKernelsOrSkip } from '@xlnlu/compute/testing';
import { biLstmNative, biLstmTensorOps } from './bilstm-op.js';

type Tensor = tf.Tensor;

function expectClose(actual: Tensor, expected: Tensor, what: string): void {
  const a = actual.dataSync();
  const e = expected.dataSync();
  expect(a.length, what).to.equal(e.length);
  const scale = Math.max(1e-3, ...Array.from(e, Math.abs));
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - e[i]!) / scale);
  expect(worst, `${what}: largest difference relative to the largest value`).to.be.below(1e-4);
}

// Sizes off the native matrix product's tile widths (64, 32, 16 columns; 6 rows), lengths with padding
// and a one-token sequence; and one and two sequences with 4H = 160 gate columns, which the product's
// wide tile for one or two rows (128 columns) takes with a remainder.
const SHAPES = [
  { B: 7, T: 9, D: 37, H: 20, lengths: [9, 1, 4, 9, 2, 7, 5] },
  { B: 1, T: 5, D: 11, H: 40, lengths: [5] },
  { B: 2, T: 4, D: 9, H: 40, lengths: [4, 2] },
];

for (const backend of ['cpu', 'wasm']) {
  describe(`biLstm on the native core against its TensorFlow.js ops (${backend})`, function () {
    this.timeout(60_000);
    before(() => selectBackend({ backend, log: () => undefined }));

    for (const { B, T, D, H, lengths } of SHAPES)
      it(`gives the same states and the same gradients for input, kernels and bias (B = ${B}, T = ${T}, D = ${D}, H = ${H})`, function () {
        const native = nativeKernelsOrSkip(this);
        const x = tf.randomNormal([B, T, D], 0, 1, 'float32', 11);
        const mask = tf.tensor2d(lengths.map((length) => Array.from({ length: T }, (_, t) => (t < length ? 1 : 0))));
        const kernel = tf.randomNormal([2, D, 4 * H], 0, 0.3, 'float32', 12);
        const recurrent = tf.randomNormal([2, H, 4 * H], 0, 0.3, 'float32', 13);
        const bias = tf.randomNormal([2, 4 * H], 0, 0.3, 'float32', 14);
        const weights = tf.randomNormal([B, T, 2 * H], 0, 1, 'float32', 15);
        const run = (op: (...inputs: Tensor[]) => Tensor) => {
          const value = op(x, kernel, recurrent, bias);
          const grads = tf.grads((...inputs: Tensor[]) => tf.sum(tf.mul(op(...inputs), weights)))([x, kernel, recurrent, bias]);
          return { value, grads };
        };
        const expected = run((...[a, k, r, b]) => biLstmTensorOps(a!, mask, k!, r!, b!));
        const actual = run((...[a, k, r, b]) => biLstmNative(native, a!, mask, k!, r!, b!));
        expectClose(actual.value, expected.value, 'states');
        ['input', 'kernel', 'recurrent kernel', 'bias'].forEach((name, i) =>
          expectClose(actual.grads[i]!, expected.grads[i]!, `gradient of the ${name}`),
        );
        // padding stays zero
        const states = actual.value.arraySync() as number[][][];
        const padded = lengths.findIndex((length) => length < T);
        if (padded >= 0) expect(states[padded]![T - 1]!.every((v) => v === 0)).to.equal(true);
      });

    it('rejects arrays of the wrong size with the argument named', function () {
      const native = nativeKernelsOrSkip(this);
      const f = (n: number) => new Float32Array(n);
      expect(() => native.biLstmForward([1, 2, 3, 4], f(6), f(2), f(2 * 3 * 16), f(2 * 4 * 16), f(31), false)).to.throw(
        /bias: expected 32 elements, got 31/,
      );
    });
  });
}
