import { expect } from 'chai';
import seedrandom from 'seedrandom';
import { nativeKernelsOrSkip } from '@xlnlu/compute/testing';
import { forwardBackward, viterbiPath } from './forward-backward.js';

/** Random float32 scores for K tags over T positions, seeded; `whole` rounds them to integers, so that paths tie. */
function randomChain(T: number, K: number, seed: string, whole = false) {
  const random = seedrandom(seed);
  const values = (n: number, spread: number) =>
    Float32Array.from({ length: n }, () => (whole ? Math.round((random() - 0.5) * spread) : (random() - 0.5) * spread));
  return { emissions: values(T * K, 8), scores: { transitions: values(K * K, 4), start: values(K, 4), end: values(K, 4) } };
}

describe('CRF kernels on the native core against the JavaScript reference', () => {
  for (const [T, K] of [
    [1, 5],
    [2, 3],
    [7, 111],
    [23, 17],
    [5, 140],
  ] as const) {
    it(`forward–backward: same log Z, marginals and pairwise marginals (T = ${T}, K = ${K})`, function () {
      const native = nativeKernelsOrSkip(this);
      const { emissions, scores } = randomChain(T, K, `fb-${T}-${K}`);
      const expected = forwardBackward(emissions, T, K, scores);
      const marginals = new Float64Array(T * K);
      const pairMarginals = new Float64Array(K * K);
      const logZ = native.crfForwardBackward(T, K, emissions, scores.transitions, scores.start, scores.end, marginals, pairMarginals);
      expect(Math.abs(logZ - expected.logZ) / Math.abs(expected.logZ)).to.be.below(1e-9);
      for (let i = 0; i < T * K; i++) expect(marginals[i]).to.be.closeTo(expected.marginals[i]!, 1e-9);
      for (let i = 0; i < K * K; i++) expect(pairMarginals[i]).to.be.closeTo(expected.pairMarginals[i]!, 1e-9);
    });

    it(`Viterbi: the same path, free and constrained (T = ${T}, K = ${K})`, function () {
      const native = nativeKernelsOrSkip(this);
      const { emissions, scores } = randomChain(T, K, `viterbi-${T}-${K}`);
      const random = seedrandom(`allowed-${T}-${K}`);
      const allowed = Float32Array.from({ length: K * K }, () => (random() < 0.6 ? 1 : 0));
      const allowedStart = Float32Array.from({ length: K }, (_, k) => (k === 0 || random() < 0.5 ? 1 : 0));
      const free = Array.from(native.crfViterbi(T, K, emissions, scores.transitions, scores.start, scores.end));
      expect(free).to.deep.equal(viterbiPath(emissions, T, K, scores));
      const constrained = Array.from(
        native.crfViterbi(T, K, emissions, scores.transitions, scores.start, scores.end, allowed, allowedStart),
      );
      expect(constrained).to.deep.equal(viterbiPath(emissions, T, K, scores, { allowed, allowedStart }));
    });
  }

  it('Viterbi breaks ties as the reference does (to the lower tag), across whole vectors of tags and their remainder', function () {
    const native = nativeKernelsOrSkip(this);
    for (const [T, K] of [
      [6, 40],
      [9, 111],
    ] as const) {
      const { emissions, scores } = randomChain(T, K, `ties-${T}-${K}`, true);
      const expected = viterbiPath(emissions, T, K, scores);
      expect(Array.from(native.crfViterbi(T, K, emissions, scores.transitions, scores.start, scores.end))).to.deep.equal(expected);
    }
  });

  it('rejects a wrongly sized array, naming it', function () {
    const native = nativeKernelsOrSkip(this);
    const { emissions, scores } = randomChain(3, 4, 'bad');
    expect(() =>
      native.crfForwardBackward(
        3,
        4,
        emissions,
        scores.transitions,
        scores.start.subarray(1),
        scores.end,
        new Float64Array(12),
        new Float64Array(16),
      ),
    ).to.throw(/start: expected 4 elements, got 3/);
    expect(() => native.crfViterbi(3, 4, emissions.subarray(0, 5), scores.transitions, scores.start, scores.end)).to.throw(
      /emissions: expected 12 elements/,
    );
  });
});
