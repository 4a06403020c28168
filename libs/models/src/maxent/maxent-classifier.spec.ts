import { expect } from 'chai';
import { ngramFeatures } from './features.js';
import { MaxEntClassifier, type LabelledFeatures } from './maxent-classifier.js';

const options = { epochs: 10, learningRate: 0.5, l2: 1e-5, seed: 1 };
const example = (text: string, label: string): LabelledFeatures => ({
  features: ngramFeatures(text.split(' '), { wordNgrams: [1, 2] }),
  label,
});
const training = [
  example('wake me up at seven', 'alarm'),
  example('set an alarm for six am', 'alarm'),
  example('cancel my alarm', 'alarm'),
  example('play some jazz', 'music'),
  example('play the new album by adele', 'music'),
  example('turn the music up', 'music'),
  example('will it rain tomorrow', 'weather'),
  example('how hot is it outside', 'weather'),
  example('is it sunny in rome', 'weather'),
];

describe('ngramFeatures', () => {
  it('gives a bias, lower-cased unigrams, padded bigrams and optional char n-grams', () => {
    expect(ngramFeatures(['Play', 'jazz'], { wordNgrams: [1, 2] })).to.deep.equal([
      'bias',
      'w1=play',
      'w1=jazz',
      'w2=<s> play',
      'w2=play jazz',
      'w2=jazz </s>',
    ]);
    expect(ngramFeatures(['ab'], { wordNgrams: [], charNgrams: [3] })).to.deep.equal(['bias', 'c3=<ab', 'c3=ab>']);
  });
});

describe('MaxEntClassifier', () => {
  it('lowers its training loss every epoch and fits the training set', () => {
    const losses: number[] = [];
    const model = MaxEntClassifier.train(training, options, (_, loss) => losses.push(loss));
    expect(losses).to.have.length(10);
    for (let i = 1; i < losses.length; i++) expect(losses[i]).to.be.below(losses[i - 1]!);
    expect(training.map((e) => model.predict(e.features))).to.deep.equal(training.map((e) => e.label));
  });

  it('generalises through shared n-grams and ignores unseen features', () => {
    const model = MaxEntClassifier.train(training, options);
    expect(model.predict(example('set an alarm please', '').features)).to.equal('alarm');
    expect(model.predict(example('play something by adele', '').features)).to.equal('music');
    const probabilities = model.probabilities(example('zzz qqq', '').features);
    expect([...probabilities].reduce((a, b) => a + b, 0)).to.be.closeTo(1, 1e-9);
  });

  it('is reproducible with a seed and round-trips through JSON', () => {
    const a = MaxEntClassifier.train(training, options);
    const b = MaxEntClassifier.train(training, options);
    expect(a.toJSON()).to.deep.equal(b.toJSON());
    const restored = MaxEntClassifier.fromJSON(JSON.parse(JSON.stringify(a)));
    const probe = example('is it going to rain in rome', '').features;
    expect([...restored.probabilities(probe)]).to.deep.equal([...a.probabilities(probe)]);
  });

  it('rejects malformed JSON and empty training data', () => {
    expect(() => MaxEntClassifier.fromJSON({ format: 'x' }, 'run/domain.json')).to.throw(
      /run\/domain\.json: expected format "xlnlu\.maxent\/1"/,
    );
    const json = MaxEntClassifier.train(training, options).toJSON();
    expect(() => MaxEntClassifier.fromJSON({ ...json, labels: ['a'] })).to.throw(/features × 1 labels\): \d+ weights, expected/);
    expect(() => MaxEntClassifier.train([], options)).to.throw(/no training examples/);
  });
});
