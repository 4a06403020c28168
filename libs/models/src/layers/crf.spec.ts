import { expect } from 'chai';
import { selectBackend, tf, tfl } from '@xlnlu/compute';
import { viterbiPath } from '../crf/forward-backward.js';
import { layersArtifacts, modelFromArtifacts } from './artifacts.js';
import { bioConstraints, crfNegativeLogLikelihood, crfNegativeLogLikelihoodFused, CrfLayer } from './crf.js';

const K = 3;
const T = 4;
// Two sequences: lengths 4 and 2 (the second padded).
const emissionValues = [
  [
    [0.5, -1.2, 0.3],
    [1.1, 0.2, -0.4],
    [-0.7, 0.9, 0.6],
    [0.1, -0.3, 1.4],
  ],
  [
    [-0.2, 0.8, 0.1],
    [0.6, -0.5, 0.9],
    [9, 9, 9],
    [9, 9, 9],
  ],
];
const maskValues = [
  [1, 1, 1, 1],
  [1, 1, 0, 0],
];
const transitionValues = [
  [0.2, -0.6, 0.4],
  [0.7, 0.1, -0.9],
  [-0.3, 0.5, 0.05],
];
const startValues = [0.3, -0.2, 0.1];
const endValues = [-0.4, 0.6, 0.2];

/** Score of one tag path, by the definition: start + emissions + transitions + end. */
function pathScore(emissions: number[][], path: number[]): number {
  let score = startValues[path[0]!]! + endValues[path[path.length - 1]!]!;
  path.forEach((tag, t) => {
    score += emissions[t]![tag]!;
    if (t > 0) score += transitionValues[path[t - 1]!]![tag]!;
  });
  return score;
}

function* allPaths(length: number): Generator<number[]> {
  if (length === 0) return yield [];
  for (const rest of allPaths(length - 1)) for (let k = 0; k < K; k++) yield [...rest, k];
}

function bruteForce(emissions: number[][]): { logZ: number; best: number[] } {
  let best: number[] = [];
  let bestScore = -Infinity;
  const scores: number[] = [];
  for (const path of allPaths(emissions.length)) {
    const score = pathScore(emissions, path);
    scores.push(score);
    if (score > bestScore) [best, bestScore] = [path, score];
  }
  const max = Math.max(...scores);
  return { logZ: max + Math.log(scores.reduce((sum, s) => sum + Math.exp(s - max), 0)), best };
}

describe('CRF', function () {
  this.timeout(60_000);
  before(() => selectBackend({ backend: 'cpu', log: () => undefined }));

  const tagValues = [
    [0, 2, 1, 1],
    [1, 0, 0, 0],
  ];
  const inputs = () => ({
    emissions: tf.tensor3d(emissionValues),
    tags: tf.tensor2d(tagValues, [2, T], 'int32'),
    mask: tf.tensor2d(maskValues),
    transitions: tf.tensor2d(transitionValues),
    start: tf.tensor1d(startValues),
    end: tf.tensor1d(endValues),
  });

  it('masked NLL equals brute-force enumeration over all tag sequences', () => {
    const x = inputs();
    const nll = crfNegativeLogLikelihood(x.emissions, x.tags, x.mask, x.transitions, x.start, x.end).arraySync() as number[];
    emissionValues.forEach((emissions, b) => {
      const length = maskValues[b]!.filter((m) => m > 0).length;
      const real = emissions.slice(0, length);
      const expected = bruteForce(real).logZ - pathScore(real, tagValues[b]!.slice(0, length));
      expect(nll[b]).to.be.closeTo(expected, 1e-4);
    });
    tf.dispose(Object.values(x));
  });

  it('Viterbi equals the brute-force argmax', () => {
    emissionValues.forEach((emissions, b) => {
      const real = emissions.slice(0, maskValues[b]!.filter((m) => m > 0).length);
      const scores = { transitions: transitionValues.flat(), start: startValues, end: endValues };
      expect(viterbiPath(real.flat(), real.length, K, scores)).to.deep.equal(bruteForce(real).best);
    });
  });

  it('gradients match finite differences', () => {
    const x = inputs();
    const loss = (emissions: tf.Tensor, transitions: tf.Tensor, start: tf.Tensor, end: tf.Tensor) =>
      tf.sum(crfNegativeLogLikelihood(emissions, x.tags, x.mask, transitions, start, end)) as tf.Scalar;
    const grads = tf
      .grads(loss)([x.emissions, x.transitions, x.start, x.end])
      .map((g) => g.arraySync());
    const base = [emissionValues, transitionValues, startValues, endValues];
    const eps = 1e-2;
    const probe = (which: number, index: number[]) => {
      const bumped = (delta: number) => {
        const values = base.map((v) => JSON.parse(JSON.stringify(v)));
        let cell = values[which];
        for (const i of index.slice(0, -1)) cell = cell[i];
        cell[index[index.length - 1]!] += delta;
        return tf.tidy(() => loss(tf.tensor(values[0]), tf.tensor(values[1]), tf.tensor(values[2]), tf.tensor(values[3])).arraySync());
      };
      return (bumped(eps) - bumped(-eps)) / (2 * eps);
    };
    const at = (value: unknown, index: number[]) => index.reduce<unknown>((v, i) => (v as unknown[])[i], value) as number;
    const cells: Array<[number, number[]]> = [
      [0, [0, 1, 2]],
      [0, [1, 1, 0]],
      [0, [1, 3, 1]],
      [1, [0, 2]],
      [1, [2, 1]],
      [2, [1]],
      [3, [0]],
      [3, [2]],
    ];
    for (const [which, index] of cells) expect(at(grads[which], index), `${which}:${index}`).to.be.closeTo(probe(which, index), 2e-3);
    // padding gets no gradient
    expect(at(grads[0], [1, 3, 1])).to.equal(0);
    tf.dispose(Object.values(x));
  });

  it('the fused kernel matches the tensor-op forward algorithm, value and gradients, within 1e-4 relative', () => {
    // a larger random case: 5 sequences of up to 7 tokens over 11 tags
    const [B2, T2, K2] = [5, 7, 11];
    const emissions = tf.randomNormal([B2, T2, K2], 0, 2, 'float32', 3);
    const transitions = tf.randomNormal([K2, K2], 0, 1, 'float32', 4);
    const start = tf.randomNormal([K2], 0, 1, 'float32', 5);
    const end = tf.randomNormal([K2], 0, 1, 'float32', 6);
    const tags = tf.randomUniform([B2, T2], 0, K2, 'int32', 7);
    const lengths = [7, 1, 4, 6, 2];
    const mask = tf.tensor2d(lengths.map((n) => Array.from({ length: T2 }, (_, t) => (t < n ? 1 : 0))));
    const dy = tf.tensor1d([1, 0.5, 2, 1, 3]);
    const both = [crfNegativeLogLikelihood, crfNegativeLogLikelihoodFused].map((nll) => {
      const f = (e: tf.Tensor, tr: tf.Tensor, s: tf.Tensor, en: tf.Tensor) =>
        tf.sum(tf.mul(nll(e, tags, mask, tr, s, en), dy)) as tf.Scalar;
      const { value, grads } = tf.valueAndGrads(f)([emissions, transitions, start, end]);
      return [value, ...grads].map((t) => Array.from(t.dataSync()));
    });
    both[0]!.forEach((reference, i) =>
      reference.forEach((r, j) => expect(both[1]![i]![j], `output ${i}[${j}]`).to.be.closeTo(r, 1e-4 * Math.max(1, Math.abs(r)))),
    );
    tf.dispose([emissions, transitions, start, end, tags, mask, dy]);
  });

  it('as a layer: BIO constraints keep decoding valid, and it round-trips through save and load', async () => {
    const tags = ['B-time', 'I-time', 'O'];
    const input = tfl.input({ shape: [T, K] });
    const crf = new CrfLayer({ numTags: tags.length, constraints: bioConstraints(tags), name: 'decoder/crf' });
    const model = tfl.model({ inputs: input, outputs: crf.apply(input) as tfl.SymbolicTensor });
    crf.transitions.write(tf.tensor2d(transitionValues));
    // O → I-time has the best raw emissions here; the constraint must forbid it
    const emissions = tf.tensor3d([
      [
        [0, 0, 5],
        [0, 9, 0],
        [0, 9, 0],
        [0, 0, 1],
      ],
    ]);
    const mask = tf.ones([1, T]);
    const path = crf.decode(emissions, mask)[0]!;
    for (let t = 1; t < path.length; t++) expect([tags[path[t - 1]!], tags[path[t]!]]).to.not.deep.equal(['O', 'I-time']);
    expect(tags[path[0]!]).to.not.equal('I-time');

    const loaded = await modelFromArtifacts(await layersArtifacts(model));
    const restored = loaded.getLayer('decoder/crf') as CrfLayer;
    expect(restored).to.be.instanceOf(CrfLayer);
    expect(restored.getConfig()).to.deep.include({ numTags: 3, constraints: bioConstraints(tags) });
    expect(restored.transitions.read().arraySync()).to.deep.equal(crf.transitions.read().arraySync());
    expect(restored.decode(emissions, mask)).to.deep.equal(crf.decode(emissions, mask));
    tf.dispose([emissions, mask]);
    model.dispose();
    loaded.dispose();
  });

  it('rejects a bad configuration', () => {
    expect(() => new CrfLayer({ numTags: 0, constraints: null })).to.throw(/numTags must be a positive integer/);
    expect(() => new CrfLayer({ numTags: 2, constraints: { allowed: [1], allowedStart: [1, 1] } })).to.throw(
      /4 transitions and 2 start entries/,
    );
  });

  it('rejects emissions whose width is not the number of tags', () => {
    const crf = new CrfLayer({ numTags: 2, constraints: null });
    expect(() => crf.apply(tfl.input({ shape: [T, 3] }))).to.throw(/emissions have 3 scores per token but there are 2 tags/);
  });
});
