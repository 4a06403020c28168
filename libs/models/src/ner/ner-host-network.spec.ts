import { expect } from 'chai';
import { selectBackend, tf, type BackendName } from '@xlnlu/compute';
import { nativeKernelsOrSkip } from '@xlnlu/compute/testing';
import { bioConstraints } from '../layers/crf.js';
import { expectGradientsClose, tfjsGradients } from '../testing/host-parity.js';
import { NerHostNetwork } from './ner-host-network.js';
import { NER_LAYERS, nerBatchTensors, NerNetwork, type NerHostBatch, type NerNetworkConfig } from './ner-network.js';

const TAGS = ['B-LOC', 'B-PER', 'I-LOC', 'I-PER', 'O'];

const config = (overrides: Partial<NerNetworkConfig> = {}): NerNetworkConfig => ({
  wordVocabularySize: 17,
  charVocabularySize: 19,
  numTags: TAGS.length,
  wordDim: 6,
  charDim: 5,
  charUnits: 4,
  wordUnits: 6,
  dropout: 0,
  decoder: 'crf',
  seed: 5,
  tagConstraints: bioConstraints(TAGS),
  ...overrides,
});

/** Sentences of 4, 1, 3 and 2 words; words of 0 to 4 bigrams (0: a word too short for one). */
function hostBatch(): NerHostBatch {
  const lengths = [4, 1, 3, 2];
  const [B, T, C] = [lengths.length, 4, 4];
  let state = 11;
  // a 32-bit LCG in integer arithmetic, its high bits drawn (products of doubles lose the low bits)
  const next = (limit: number) => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 16) % limit;
  const batch: NerHostBatch = {
    B,
    T,
    C,
    words: new Int32Array(B * T),
    chars: new Int32Array(B * T * C),
    mask: new Float32Array(B * T),
    tags: new Int32Array(B * T),
  };
  lengths.forEach((length, b) => {
    for (let t = 0; t < length; t++) {
      const at = b * T + t;
      batch.words[at] = 1 + next(16);
      batch.mask[at] = 1;
      const bigrams = at === 5 ? 0 : 1 + next(C);
      for (let c = 0; c < bigrams; c++) batch.chars[at * C + c] = 1 + next(18);
      const previous = t > 0 ? TAGS[batch.tags![at - 1]!]! : 'O';
      const choice = next(3);
      batch.tags![at] = choice === 0 ? 4 : choice === 1 || previous === 'O' ? next(2) : TAGS.indexOf(`I-${previous.slice(2)}`);
    }
  });
  return batch;
}

/** The TensorFlow.js path's loss and gradients of a host batch, by weight name. */
function reference(network: NerNetwork, host: NerHostBatch): ReturnType<typeof tfjsGradients> {
  const batch = nerBatchTensors(host);
  try {
    return tfjsGradients(network.layersModels, () => network.loss(batch, true));
  } finally {
    tf.dispose(Object.values(batch));
  }
}

for (const backend of ['cpu', 'wasm'] as BackendName[]) {
  describe(`NerHostNetwork (native NER network) against the TensorFlow.js path, ${backend}`, function () {
    this.timeout(60_000);
    before(() => selectBackend({ backend, log: () => undefined }));

    for (const decoder of ['crf', 'softmax'] as const) {
      it(`computes the same loss and every gradient within 1e-4 (${decoder} decoder), and predicts the same tags`, function () {
        const kernels = nativeKernelsOrSkip(this);
        const network = NerNetwork.build(config({ decoder }));
        const host = hostBatch();
        const step = new NerHostNetwork(network, kernels);
        const expected = reference(network, host);
        const loss = step.lossAndGradients(host);
        expect(Math.abs(loss - expected.loss)).to.be.below(1e-4 * Math.max(1, expected.loss));
        const trainable = network.layersModels.flatMap((model) => model.trainableWeights);
        expect(step.parameters.map((p) => p.variable.name)).to.deep.equal(trainable.map((w) => w.name));
        expectGradientsClose(step.parameters, expected.grads);
        const batch = nerBatchTensors({ ...host, tags: null });
        expect(step.predict({ ...host, tags: null })).to.deep.equal(network.predict(batch));
        tf.dispose(Object.values(batch));
        network.dispose();
      });
    }

    it('leaves a frozen module out of its parameters and still matches', function () {
      const kernels = nativeKernelsOrSkip(this);
      const network = NerNetwork.build(config({ tagConstraints: null }));
      network.layersModels[0]!.getLayer(NER_LAYERS.charEncoder).trainable = false;
      const host = hostBatch();
      const step = new NerHostNetwork(network, kernels);
      const expected = reference(network, host);
      expect(step.parameters.some((p) => p.variable.name.startsWith(NER_LAYERS.charEncoder))).to.equal(false);
      expect(Math.abs(step.lossAndGradients(host) - expected.loss)).to.be.below(1e-4 * Math.max(1, expected.loss));
      expectGradientsClose(step.parameters, expected.grads, { zerosAllowed: true });
      network.dispose();
    });
  });
}
