import { expect } from 'chai';
import { selectBackend } from '@xlnlu/compute';
import { JOINT_INDEXED_AXES, JointNetwork, NER_INDEXED_AXES, NerNetwork } from '@xlnlu/models';
import { smallJointNetworkConfig } from '@xlnlu/models/testing';
import { checkIndexSpaces, indexSpaceSizes } from './index-space-sizes.js';

const config = smallJointNetworkConfig({ charBigrams: { vocabularySize: 7, dim: 2 } });

describe('indexSpaceSizes and checkIndexSpaces', function () {
  this.timeout(60_000);
  before(() => selectBackend({ backend: 'cpu', log: () => undefined }));

  it('reads every index space size off the declared axes of a joint network', () => {
    const network = JointNetwork.build(config);
    expect(Object.fromEntries(indexSpaceSizes([network.model], JOINT_INDEXED_AXES))).to.deep.equal({
      words: 9,
      charBigrams: 7,
      tags: 5,
      intents: 3,
    });
    network.dispose();
  });

  it("reads them across the NER network's two models", () => {
    const network = NerNetwork.build({
      charVocabularySize: 11,
      wordVocabularySize: 13,
      numTags: 6,
      charDim: 3,
      charUnits: 3,
      wordDim: 4,
      wordUnits: 4,
      dropout: 0,
      seed: 1,
      decoder: 'crf',
      tagConstraints: null,
    });
    expect(Object.fromEntries(indexSpaceSizes([network.charModel, network.wordModel], NER_INDEXED_AXES))).to.deep.equal({
      charBigrams: 11,
      words: 13,
      tags: 6,
    });
    network.dispose();
  });

  it('names the source and the space when metadata and weights disagree', () => {
    const network = JointNetwork.build(config);
    expect(() =>
      checkIndexSpaces([network.model], JOINT_INDEXED_AXES, { words: 9, tags: 5, intents: 3 }, 'm/metadata.json'),
    ).not.to.throw();
    expect(() => checkIndexSpaces([network.model], JOINT_INDEXED_AXES, { words: 9, tags: 5, intents: 2 }, 'm/metadata.json')).to.throw(
      "m/metadata.json lists 2 intents but the model's weights have 3",
    );
    network.dispose();
  });
});
