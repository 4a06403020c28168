import { expect } from 'chai';
import { selectBackend, tf } from '@xlnlu/compute';
import { nativeKernelsOrSkip } from '@xlnlu/compute/testing';
import { jointBatchTensors, JointHostNetwork, JointNetwork, type JointHostBatch } from '@xlnlu/models';
import { smallJointNetworkConfig } from '@xlnlu/models/testing';
import { HostAdam } from './host-adam.js';

const config = smallJointNetworkConfig({
  vocabularySize: 15,
  numTags: 4,
  numIntents: 3,
  embeddingDim: 5,
  encoderUnits: 6,
  intentHidden: 5,
  seed: 2,
});

// three utterances of 4, 2 and 3 tokens: a token's tag is its id mod 4, the intent the first id mod 3
const host: JointHostBatch = {
  B: 3,
  T: 4,
  C: 0,
  N: 0,
  tokens: Int32Array.from([3, 4, 5, 6, 7, 8, 0, 0, 10, 11, 12, 0]),
  mask: Float32Array.from([1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 0]),
  bigrams: null,
  space: null,
  ngrams: null,
  tags: Int32Array.from([3, 0, 1, 2, 3, 0, 0, 0, 2, 3, 0, 0]),
  intents: Int32Array.from([0, 1, 1]),
};

const weightsOf = (network: JointNetwork) => network.model.trainableWeights.map((w) => Array.from(w.read().dataSync()));

describe('HostAdam with the joint network’s native step, against tf.train.adam and minimize', function () {
  this.timeout(60_000);
  before(() => selectBackend({ backend: 'wasm', log: () => undefined }));

  it('ends 30 steps with every weight within 1e-4 of the TensorFlow.js path, the loss falling', function () {
    const kernels = nativeKernelsOrSkip(this);
    const reference = JointNetwork.build(config);
    const optimizer = tf.train.adam(0.01);
    const batch = jointBatchTensors(host);
    for (let step = 0; step < 30; step++) optimizer.minimize(() => reference.loss(batch, true))?.dispose();

    const native = JointNetwork.build(config);
    const network = new JointHostNetwork(native, kernels);
    const adam = new HostAdam(network.parameters, 0.01, kernels);
    const losses: number[] = [];
    for (let step = 0; step < 30; step++) {
      losses.push(network.lossAndGradients(host));
      adam.apply();
    }
    network.push();
    expect(losses[29]).to.be.below(losses[0]! / 2);
    const [expected, actual] = [weightsOf(reference), weightsOf(native)];
    expected.forEach((values, i) => {
      const worst = Math.max(...values.map((v, j) => Math.abs(v - actual[i]![j]!)));
      expect(worst, native.model.trainableWeights[i]!.name).to.be.below(1e-4);
    });
    tf.dispose(Object.values(batch));
    optimizer.dispose();
    reference.dispose();
    native.dispose();
  });

  it('hands its state to a TensorFlow.js AdamOptimizer and takes it back, so either path resumes a checkpoint', async function () {
    const kernels = nativeKernelsOrSkip(this);
    const train = (steps: number, network: JointHostNetwork, adam: HostAdam) => {
      for (let step = 0; step < steps; step++) {
        network.lossAndGradients(host);
        adam.apply();
      }
    };
    // uninterrupted: 12 steps
    const whole = new JointHostNetwork(JointNetwork.build(config), kernels);
    const wholeAdam = new HostAdam(whole.parameters, 0.01, kernels);
    train(12, whole, wholeAdam);
    // interrupted after 7: the state goes through a TensorFlow.js optimizer into a fresh HostAdam
    const first = new JointHostNetwork(JointNetwork.build(config), kernels);
    const firstAdam = new HostAdam(first.parameters, 0.01, kernels);
    train(7, first, firstAdam);
    const optimizer = await firstAdam.toOptimizer();
    const weights = await optimizer.getWeights();
    expect(weights[0]!.name).to.equal('iter');
    expect(weights[0]!.tensor.dataSync()[0]).to.equal(7);
    expect(new Set(weights.slice(1).map((w) => w.name))).to.deep.equal(
      new Set([...first.parameters.map((p) => `${p.variable.name}/m`), ...first.parameters.map((p) => `${p.variable.name}/v`)]),
    );
    const resumed = new HostAdam(first.parameters, 0.01, kernels);
    await resumed.fromOptimizer(optimizer);
    optimizer.dispose();
    train(5, first, resumed);
    whole.parameters.forEach((p, i) => expect(Array.from(first.parameters[i]!.values)).to.deep.equal(Array.from(p.values)));
  });

  it('hands a TensorFlow.js optimizer a state that minimize goes on from, each moment with its own variable', async function () {
    const kernels = nativeKernelsOrSkip(this);
    // char bigrams and n-grams on: more weights, so a moment paired with the wrong variable would show
    const full = { ...config, charBigrams: { vocabularySize: 7, dim: 3 }, intentNgrams: { buckets: 9, dim: 2 } };
    const withParts: JointHostBatch = {
      ...host,
      C: 2,
      N: 3,
      bigrams: Int32Array.from({ length: 24 }, (_, i) => (i % 5) + 1),
      ngrams: Int32Array.from([1, 2, 3, 4, 5, 0, 6, 7, 8]),
    };
    const network = JointNetwork.build(full);
    const native = new JointHostNetwork(network, kernels);
    const adam = new HostAdam(native.parameters, 0.01, kernels);
    for (let step = 0; step < 6; step++) {
      native.lossAndGradients(withParts);
      adam.apply();
    }
    native.push();
    // the TensorFlow.js path takes the state and makes one step; the native path makes the same step
    const optimizer = await adam.toOptimizer();
    const batch = jointBatchTensors(withParts);
    optimizer.minimize(() => network.loss(batch, true))?.dispose();
    const afterTfjs = weightsOf(network);
    native.lossAndGradients(withParts);
    adam.apply();
    native.push();
    const afterNative = weightsOf(network);
    afterTfjs.forEach((values, i) => {
      const worst = Math.max(...values.map((v, j) => Math.abs(v - afterNative[i]![j]!)));
      expect(worst, network.model.trainableWeights[i]!.name).to.be.below(1e-4);
    });
    tf.dispose(Object.values(batch));
    optimizer.dispose();
    network.dispose();
  });
});
