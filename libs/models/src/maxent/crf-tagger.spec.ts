import { expect } from 'chai';
import { bioTransitionMask } from './bio-constraints.js';
import { CrfTagger, type TaggedSequence } from './crf-tagger.js';
import { tokenFeatures } from './features.js';

const options = { epochs: 15, learningRate: 0.3, l2: 1e-4, seed: 2, bioConstraints: false };
const sequence = (text: string, tags: string): TaggedSequence => ({ features: tokenFeatures(text.split(' ')), tags: tags.split(' ') });
const training = [
  sequence('wake me at five am', 'O O O B-time I-time'),
  sequence('wake me at six pm', 'O O O B-time I-time'),
  sequence('alarm for monday', 'O O B-date'),
  sequence('alarm for friday at nine am', 'O O B-date O B-time I-time'),
  sequence('play jazz', 'O B-genre'),
  sequence('play rock on monday', 'O B-genre O B-date'),
];

/** Every tag sequence of length n over k tags. */
function* allPaths(n: number, tags: readonly string[]): Generator<string[]> {
  if (n === 0) return yield [];
  for (const rest of allPaths(n - 1, tags)) for (const tag of tags) yield [...rest, tag];
}

describe('tokenFeatures', () => {
  it('describes a token by word, case, affixes, shape and a ±2 window', () => {
    const [first] = tokenFeatures(['Rome', 'at', '5']);
    expect(first).to.include.members(['w=Rome', 'lw=rome', 'shape=Aa', 'p1=r', 's3=ome', 'w[-1]=<s>', 'w[1]=at', 'w[2]=5']);
    expect(tokenFeatures(['Rome', 'at', '5'])[2]).to.include.members(['shape=0', 'w[1]=</s>']);
  });
});

describe('bioTransitionMask', () => {
  it('allows I-X only after B-X or I-X, and never first', () => {
    const tags = ['B-a', 'I-a', 'I-b', 'O'];
    const { allowed, allowedStart } = bioTransitionMask(tags);
    const ok = (from: string, to: string) => allowed[tags.indexOf(from) * tags.length + tags.indexOf(to)] === 1;
    expect([ok('B-a', 'I-a'), ok('I-a', 'I-a'), ok('O', 'I-a'), ok('B-a', 'I-b'), ok('O', 'B-a'), ok('I-b', 'O')]).to.deep.equal([
      true,
      true,
      false,
      false,
      true,
      true,
    ]);
    expect([...allowedStart]).to.deep.equal([1, 0, 0, 1]);
  });
});

describe('CrfTagger', function () {
  this.timeout(30_000);

  it('lowers its loss and fits the training set', () => {
    const losses: number[] = [];
    const model = CrfTagger.train(training, options, (_, loss) => losses.push(loss));
    expect(losses[losses.length - 1]).to.be.below(losses[0]! / 5);
    expect(training.map((s) => model.predict(s.features))).to.deep.equal(training.map((s) => [...s.tags]));
    expect(model.predict(tokenFeatures('wake me at seven am'.split(' ')))).to.deep.equal(['O', 'O', 'O', 'B-time', 'I-time']);
  });

  it('its negative log-likelihood equals brute-force enumeration over all tag sequences', () => {
    const model = CrfTagger.train(training, { ...options, epochs: 2 });
    const features = tokenFeatures('alarm at five am'.split(' '));
    // p(y) = exp(−NLL(y)) must sum to 1 over all K^T sequences, so each NLL is exactly −log softmax
    let total = 0;
    for (const path of allPaths(features.length, model.tags)) total += Math.exp(-model.negativeLogLikelihood(features, path));
    expect(total).to.be.closeTo(1, 1e-6);
  });

  it('Viterbi returns the brute-force most likely sequence', () => {
    const model = CrfTagger.train(training, { ...options, epochs: 1 });
    for (const text of ['play jazz at five', 'alarm monday']) {
      const features = tokenFeatures(text.split(' '));
      let best: string[] = [];
      let bestNll = Infinity;
      for (const path of allPaths(features.length, model.tags)) {
        const nll = model.negativeLogLikelihood(features, path);
        if (nll < bestNll) [best, bestNll] = [path, nll];
      }
      expect(model.predict(features)).to.deep.equal(best);
    }
  });

  it('with BIO constraints, never decodes I-X after O or another type', () => {
    const model = CrfTagger.train(training, { ...options, epochs: 1, bioConstraints: true });
    const { allowed, allowedStart } = bioTransitionMask(model.tags);
    for (const text of ['five am monday jazz', 'at at at', 'pm pm rock five']) {
      const path = model.predict(tokenFeatures(text.split(' '))).map((tag) => model.tags.indexOf(tag));
      expect(allowedStart[path[0]!]).to.equal(1);
      for (let t = 1; t < path.length; t++) expect(allowed[path[t - 1]! * model.tags.length + path[t]!]).to.equal(1);
    }
  });

  it('round-trips through JSON and rejects malformed input', () => {
    const model = CrfTagger.train(training, options);
    const restored = CrfTagger.fromJSON(JSON.parse(JSON.stringify(model)));
    const features = tokenFeatures('play rock at six pm'.split(' '));
    expect(restored.predict(features)).to.deep.equal(model.predict(features));
    expect(restored.negativeLogLikelihood(features, ['O', 'B-genre', 'O', 'B-time', 'I-time'])).to.equal(
      model.negativeLogLikelihood(features, ['O', 'B-genre', 'O', 'B-time', 'I-time']),
    );
    expect(() => CrfTagger.fromJSON({ format: 'nope' }, 'run/slots.json')).to.throw(
      /run\/slots\.json: expected format "xlnlu\.crf-tagger\/1"/,
    );
    expect(() => model.negativeLogLikelihood(features, ['O', 'B-x', 'O', 'O', 'O'])).to.throw(/unknown tag "B-x"/);
    expect(() => CrfTagger.train([{ features: [['a']], tags: [] }], options)).to.throw(/no non-empty training sequences/);
  });
});
