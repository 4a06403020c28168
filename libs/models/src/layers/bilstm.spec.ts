import { expect } from 'chai';
import { selectBackend, tf, tfl } from '@xlnlu/compute';
import { BiLstm } from './bilstm.js';

type Tensor = tf.Tensor;
const [B, T, D, H] = [3, 4, 5, 6];
const lengths = [4, 1, 2];
const maskValues = lengths.map((length) => Array.from({ length: T }, (_, t) => (t < length ? 1 : 0)));

/** tfjs's own Bidirectional(LSTM), the reference, and our layer with the same weights. */
function pair(returnSequences: boolean): { reference: tfl.layers.Layer; fused: BiLstm } {
  const lstm = tfl.layers.lstm({
    units: H,
    returnSequences,
    recurrentActivation: 'sigmoid',
    kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }),
    recurrentInitializer: tfl.initializers.glorotUniform({ seed: 2 }),
    biasInitializer: tfl.initializers.randomUniform({ minval: -0.5, maxval: 0.5, seed: 3 }),
  });
  const reference = tfl.layers.bidirectional({ layer: lstm as unknown as tfl.RNN, mergeMode: 'concat' });
  const fused = new BiLstm({ units: H, returnSequences, seed: 0 });
  const x = tf.zeros([1, T, D]);
  reference.apply(x);
  fused.apply(x);
  x.dispose();
  const [fk, fr, fb, bk, br, bb] = reference.getWeights();
  fused.setWeights([tf.stack([fk!, bk!]), tf.stack([fr!, br!]), tf.stack([fb!, bb!])]);
  return { reference, fused };
}

/** A weighted sum of the layer's outputs on real tokens, and its gradients for input and weights. */
function lossAndGradients(
  layer: tfl.layers.Layer,
  x: Tensor,
  mask: Tensor,
  weights: Tensor,
): { output: Tensor; dx: Tensor; dWeights: Tensor[] } {
  const variables = layer.trainableWeights.map((w) => w.read() as tf.Variable);
  const output = tf.tidy(() => layer.apply(x, { mask }) as Tensor);
  const f = (input: Tensor, ...vs: Tensor[]) => {
    void vs;
    const y = layer.apply(input, { mask }) as Tensor;
    const outputMask = y.rank === 3 ? tf.expandDims(mask, 2) : tf.onesLike(y);
    return tf.sum(tf.mul(tf.mul(y, outputMask), weights));
  };
  const dx = tf.grad((input: Tensor) => f(input))(x);
  const { grads } = tf.variableGrads(() => f(x) as tf.Scalar, variables);
  return { output, dx, dWeights: variables.map((v) => grads[v.name]!) };
}

function expectClose(actual: Tensor, expected: Tensor, what: string): void {
  const a = actual.dataSync();
  const e = expected.dataSync();
  expect(a.length, what).to.equal(e.length);
  const scale = Math.max(1e-3, ...Array.from(e, Math.abs));
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - e[i]!) / scale, `${what}[${i}]: ${a[i]} vs ${e[i]}`).to.be.below(1e-4);
}

describe('BiLstm (fused op) against tfjs Bidirectional(LSTM)', function () {
  this.timeout(60_000);
  before(() => selectBackend({ backend: 'cpu', log: () => undefined }));

  for (const returnSequences of [true, false]) {
    it(`gives the same ${returnSequences ? 'states' : 'final states'} and gradients on padded sequences`, () => {
      const { reference, fused } = pair(returnSequences);
      const x = tf.randomNormal([B, T, D], 0, 1, 'float32', 7);
      const mask = tf.tensor2d(maskValues);
      const weights = tf.randomNormal(returnSequences ? [B, T, 2 * H] : [B, 2 * H], 0, 1, 'float32', 8);
      const expected = lossAndGradients(reference, x, mask, weights);
      const actual = lossAndGradients(fused, x, mask, weights);
      const outputMask = returnSequences ? tf.expandDims(mask, 2) : tf.scalar(1);
      expectClose(tf.mul(actual.output, outputMask), tf.mul(expected.output, outputMask), 'output');
      if (returnSequences)
        expect(tf.sum(tf.abs(tf.mul(actual.output, tf.sub(1, outputMask)))).dataSync()[0], 'zeros on padding').to.equal(0);
      expectClose(actual.dx, expected.dx, 'd input');
      const [fk, fr, fb, bk, br, bb] = expected.dWeights;
      expectClose(actual.dWeights[0]!, tf.stack([fk!, bk!]), 'd kernel');
      expectClose(actual.dWeights[1]!, tf.stack([fr!, br!]), 'd recurrent kernel');
      expectClose(actual.dWeights[2]!, tf.stack([fb!, bb!]), 'd bias');
      reference.dispose();
      fused.dispose();
    });
  }

  it('leaks no tensors in training steps and survives a serialisation round trip', async () => {
    const fused = new BiLstm({ units: H, returnSequences: true, seed: 4 });
    const input = tfl.input({ shape: [null, D] });
    const model = tfl.model({ inputs: input, outputs: fused.apply(input) as tfl.SymbolicTensor });
    const x = tf.randomNormal([B, T, D], 0, 1, 'float32', 9);
    const optimizer = tf.train.adam(0.01);
    const step = () => optimizer.minimize(() => tf.sum(tf.square(model.apply(x) as Tensor)) as tf.Scalar, true)!.dispose();
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).to.equal(before);
    const { layersArtifacts, modelFromArtifacts } = await import('./artifacts.js');
    const reloaded = await modelFromArtifacts(await layersArtifacts(model));
    expectClose(reloaded.predict(x) as Tensor, model.predict(x) as Tensor, 'reloaded output');
    expect(reloaded.layers[1]).to.be.instanceOf(BiLstm);
  });
});
