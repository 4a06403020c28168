import { expect } from 'chai';
import { selectBackend, tf, type BackendName } from '@xlnlu/compute';
import { nativeKernelsOrSkip } from '@xlnlu/compute/testing';
import { bioConstraints } from '../layers/crf.js';
import { smallJointNetworkConfig } from '../testing/joint-network-config.js';
import { expectGradientsClose, maxDifference, tfjsGradients } from '../testing/host-parity.js';
import { JointHostNetwork } from './joint-host-network.js';
import { JOINT_LAYERS, jointBatchTensors, JointNetwork, type JointHostBatch, type JointNetworkConfig } from './joint-network.js';

const TAGS = ['B-date', 'B-place', 'I-date', 'I-place', 'O'];

/** Every optional part on, BIO constraints, label smoothing and an intent weight: all of the loss. */
const fullConfig = (overrides: Partial<JointNetworkConfig> = {}): JointNetworkConfig =>
  smallJointNetworkConfig({
    vocabularySize: 23,
    numTags: TAGS.length,
    numIntents: 4,
    embeddingDim: 6,
    encoderUnits: 5,
    intentHidden: 7,
    seed: 4,
    tagConstraints: bioConstraints(TAGS),
    intentLossWeight: 2,
    intentLabelSmoothing: 0.1,
    charBigrams: { vocabularySize: 11, dim: 3 },
    spaceVectors: { vocabularySize: 13, dim: 4 },
    intentNgrams: { buckets: 17, dim: 3, wide: true },
    ...overrides,
  });

/** A batch of utterances of different lengths (one of a single token), ids drawn from a fixed generator. */
function hostBatch(): JointHostBatch {
  const lengths = [5, 1, 3, 4];
  const B = lengths.length;
  const T = Math.max(...lengths);
  const C = 3;
  const N = 6;
  let state = 7;
  // a 32-bit LCG in integer arithmetic, its high bits drawn (products of doubles lose the low bits)
  const next = (limit: number) => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 16) % limit;
  const batch: JointHostBatch = {
    B,
    T,
    C,
    N,
    tokens: new Int32Array(B * T),
    mask: new Float32Array(B * T),
    bigrams: new Int32Array(B * T * C),
    space: new Int32Array(B * T),
    ngrams: new Int32Array(B * N),
    tags: new Int32Array(B * T),
    intents: Int32Array.from(lengths, () => next(4)),
  };
  lengths.forEach((length, b) => {
    for (let t = 0; t < length; t++) {
      const at = b * T + t;
      batch.tokens[at] = 1 + next(22);
      batch.mask[at] = 1;
      batch.space![at] = next(13);
      // some words have fewer bigrams than C (0 pads), one none at all
      const bigrams = at === 2 ? 0 : 1 + next(C);
      for (let c = 0; c < bigrams; c++) batch.bigrams![at * C + c] = 1 + next(10);
      // B-x starts a span, I-x continues the same type
      const previous = t > 0 ? TAGS[batch.tags![at - 1]!]! : 'O';
      const choice = next(3);
      batch.tags![at] = choice === 0 ? 4 : choice === 1 || previous === 'O' ? next(2) : TAGS.indexOf(`I-${previous.slice(2)}`);
    }
    for (let n = 0; n < 2 + b; n++) batch.ngrams![b * N + n] = 1 + next(17);
  });
  return batch;
}

/** Space vectors in its fixed rows, and non-zero values in the wide intent table (it starts at zero, which would hide its forward pass). */
function withSpaceRows(network: JointNetwork): JointNetwork {
  network.setSpaceVectors(
    new Map(Array.from({ length: 13 }, (_, row) => [row, Float32Array.from({ length: 4 }, (_, j) => Math.sin(row * 4 + j))])),
  );
  const wide = network.model.layers.find((layer) => layer.name === JOINT_LAYERS.intentWide);
  if (wide) {
    const [table] = wide.getWeights();
    wide.setWeights([
      tf.tensor(
        Float32Array.from({ length: table!.size }, (_, i) => 0.3 * Math.cos(i)),
        table!.shape,
      ),
    ]);
  }
  return network;
}

/** The TensorFlow.js path's loss and gradients of a host batch, by weight name. */
function reference(network: JointNetwork, host: JointHostBatch): ReturnType<typeof tfjsGradients> {
  const batch = jointBatchTensors(host);
  try {
    return tfjsGradients([network.model], () => network.loss(batch, true));
  } finally {
    tf.dispose(Object.values(batch));
  }
}

/** `times` copies of an array, one after another. */
function repeat<A extends Int32Array | Float32Array>(values: A, times: number): A {
  const out = new (values.constructor as new (n: number) => A)(values.length * times);
  for (let i = 0; i < times; i++) out.set(values, i * values.length);
  return out;
}

for (const backend of ['cpu', 'wasm'] as BackendName[]) {
  describe(`JointHostNetwork (native training step) against the TensorFlow.js path, ${backend}`, function () {
    this.timeout(60_000);
    before(async () => {
      await selectBackend({ backend, log: () => undefined });
    });

    it('computes the same loss and every gradient within 1e-4, with every optional part switched on', function () {
      const kernels = nativeKernelsOrSkip(this);
      const network = withSpaceRows(JointNetwork.build(fullConfig()));
      const host = hostBatch();
      const step = new JointHostNetwork(network, kernels);
      const expected = reference(network, host);
      const loss = step.lossAndGradients(host);
      expect(Math.abs(loss - expected.loss)).to.be.below(1e-4 * Math.max(1, Math.abs(expected.loss)));
      // every trainable weight of the model is a parameter, and no fixed one
      expect(step.parameters.map((p) => p.variable.name)).to.deep.equal(network.model.trainableWeights.map((w) => w.name));
      expect(step.parameters.map((p) => p.variable.name)).to.not.include(
        network.model.getLayer(JOINT_LAYERS.spaceVectors).weights[0]!.name,
      );
      expectGradientsClose(step.parameters, expected.grads);
      network.dispose();
    });

    it('predicts the tags, intents and intent probabilities of JointNetwork.predict, with and without the optional parts', function () {
      const kernels = nativeKernelsOrSkip(this);
      for (const [network, host] of [
        [withSpaceRows(JointNetwork.build(fullConfig({ dropout: 0.3 }))), hostBatch()],
        [
          JointNetwork.build(fullConfig({ charBigrams: null, spaceVectors: null, intentNgrams: null, tagConstraints: null })),
          { ...hostBatch(), bigrams: null, space: null, ngrams: null },
        ],
      ] as const) {
        const batch = jointBatchTensors({ ...host, tags: null, intents: null });
        const expected = network.predict(batch);
        const actual = new JointHostNetwork(network, kernels).predict({ ...host, tags: null, intents: null });
        expect(actual.tags).to.deep.equal(expected.tags);
        expect(actual.intents).to.deep.equal(expected.intents);
        expected.intentProbabilities.forEach((row, b) => expect(maxDifference(actual.intentProbabilities[b]!, row)).to.be.below(1e-5));
        // an untrained network's tags must still differ between sequences, or the comparison proves little
        expect(new Set(expected.tags.map((tags) => tags.join())).size).to.be.above(1);
        tf.dispose(Object.values(batch));
        network.dispose();
      }
    });

    it("predicts the same from tables with the vocabulary words' features folded in, the unknown word's tokens put together per batch", function () {
      const kernels = nativeKernelsOrSkip(this);
      const network = withSpaceRows(JointNetwork.build(fullConfig()));
      // each word's bigrams and space word follow from the word, as JointReader.wordFeatures gives them;
      // the unknown word (1) keeps the batch's own, which differ from token to token
      const V = 23;
      const C = 3;
      const features = { folded: new Uint8Array(V), bigrams: new Int32Array(V * C), C, space: new Int32Array(V) };
      for (let v = 2; v < V; v++) {
        features.folded[v] = 1;
        for (let c = 0; c < 1 + (v % C); c++) features.bigrams[v * C + c] = 1 + ((v * 7 + c * 3) % 10);
        features.space[v] = (v * 5) % 13;
      }
      const host = { ...hostBatch(), tags: null, intents: null };
      host.tokens.forEach((token, at) => {
        if (host.mask[at] === 0) return;
        if (at % 4 === 1) host.tokens[at] = 1;
        else {
          host.bigrams!.set(features.bigrams.subarray(token * C, (token + 1) * C), at * C);
          host.space![at] = features.space[token]!;
        }
      });
      const folded = new JointHostNetwork(network, kernels, () => features).predict(host);
      const unfolded = new JointHostNetwork(network, kernels).predict(host);
      expect(host.tokens.filter((token, at) => token === 1 && host.mask[at]! > 0).length).to.be.above(1);
      expect(folded.tags).to.deep.equal(unfolded.tags);
      expect(folded.intents).to.deep.equal(unfolded.intents);
      folded.intentProbabilities.forEach((row, b) => expect(maxDifference(unfolded.intentProbabilities[b]!, row)).to.be.below(1e-6));
      // and both are the TensorFlow.js network's
      const batch = jointBatchTensors(host);
      expect(network.predict(batch).tags).to.deep.equal(folded.tags);
      tf.dispose(Object.values(batch));
      network.dispose();
    });

    it('matches without the optional parts, and leaves a frozen block out of its parameters', function () {
      const kernels = nativeKernelsOrSkip(this);
      const network = JointNetwork.build(fullConfig({ charBigrams: null, spaceVectors: null, intentNgrams: null, tagConstraints: null }));
      network.model.getLayer(JOINT_LAYERS.encoder).trainable = false;
      const host = { ...hostBatch(), bigrams: null, space: null, ngrams: null };
      const step = new JointHostNetwork(network, kernels);
      const expected = reference(network, host);
      expect(step.parameters.map((p) => p.variable.name)).to.deep.equal(network.model.trainableWeights.map((w) => w.name));
      expect(step.parameters.some((p) => p.variable.name.startsWith(JOINT_LAYERS.encoder))).to.equal(false);
      expect(Math.abs(step.lossAndGradients(host) - expected.loss)).to.be.below(1e-4 * Math.max(1, expected.loss));
      expectGradientsClose(step.parameters, expected.grads, { zerosAllowed: true });
      network.dispose();
    });
  });
}

describe('JointHostNetwork dropout', function () {
  this.timeout(60_000);
  before(() => selectBackend({ backend: 'cpu', log: () => undefined }));

  it('draws its masks from each dropout layer’s seed and call count, advancing the count as the layer does', function () {
    const kernels = nativeKernelsOrSkip(this);
    const network = withSpaceRows(JointNetwork.build(fullConfig({ dropout: 0.5 })));
    const step = new JointHostNetwork(network, kernels);
    const dropoutLayer = network.model.getLayer('embeddings/dropout') as unknown as { calls: number };
    const host = hostBatch();
    const first = step.lossAndGradients(host);
    const firstWords = step.parameters[0]!.gradient.slice();
    expect(dropoutLayer.calls).to.equal(1);
    const second = step.lossAndGradients(host);
    expect(second).to.not.equal(first);
    // the same count draws the same masks: a checkpoint's counts resume the stream
    for (const name of ['embeddings/dropout', 'encoder/dropout']) (network.model.getLayer(name) as unknown as { calls: number }).calls = 0;
    expect(step.lossAndGradients(host)).to.equal(first);
    expect(Array.from(step.parameters[0]!.gradient)).to.deep.equal(Array.from(firstWords));
    // with dropout off the loss is the TensorFlow.js path's with dropout off
    const plain = withSpaceRows(JointNetwork.build(fullConfig({ dropout: 0 })));
    const plainLoss = new JointHostNetwork(plain, kernels).lossAndGradients(host);
    expect(plainLoss).to.not.equal(first);
    network.dispose();
    plain.dispose();
  });

  it('computes bit-identical losses, gradients and predictions on one thread and on two', function () {
    const kernels = nativeKernelsOrSkip(this);
    const network = withSpaceRows(JointNetwork.build(fullConfig({ dropout: 0.3 })));
    const host = new JointHostNetwork(network, kernels);
    // a batch large enough that every parallel part of the step has work
    const one = hostBatch();
    const batch = {
      ...one,
      B: 32,
      tokens: repeat(one.tokens, 8),
      mask: repeat(one.mask, 8),
      bigrams: repeat(one.bigrams!, 8),
      space: repeat(one.space!, 8),
      ngrams: repeat(one.ngrams!, 8),
      tags: repeat(one.tags!, 8),
      intents: repeat(one.intents!, 8),
    };
    const run = (threads: number) => {
      const previous = kernels.setThreads(threads);
      for (const name of ['embeddings/dropout', 'encoder/dropout'])
        (network.model.getLayer(name) as unknown as { calls: number }).calls = 0;
      try {
        const loss = host.lossAndGradients(batch);
        return {
          loss,
          gradients: host.parameters.map((p) => Array.from(p.gradient)),
          predicted: host.predict({ ...batch, tags: null, intents: null }),
        };
      } finally {
        kernels.setThreads(previous);
      }
    };
    expect(run(2)).to.deep.equal(run(1));
    network.dispose();
  });

  it('pushes its values into the model and pulls them back', function () {
    const kernels = nativeKernelsOrSkip(this);
    const network = JointNetwork.build(fullConfig({ spaceVectors: null }));
    const step = new JointHostNetwork(network, kernels);
    const words = step.parameters.find((p) => p.variable.name.startsWith(JOINT_LAYERS.embeddings))!;
    words.values[5] = 42;
    expect(words.variable.read().dataSync()[5]).to.not.equal(42);
    step.push();
    expect(words.variable.read().dataSync()[5]).to.equal(42);
    words.values[5] = 0;
    step.pull();
    expect(words.values[5]).to.equal(42);
    network.dispose();
  });
});
