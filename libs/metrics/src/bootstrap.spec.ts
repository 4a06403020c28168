import { expect } from 'chai';
import { bootstrapCi, meanOf, microF1Of, pairedBootstrap, quantile } from './bootstrap.js';

describe('bootstrap', () => {
  it('interpolates quantiles between order statistics', () => {
    // sorted [1,2,3,4]: position (4−1)·0.5 = 1.5 → 2 + 0.5·(3−2) = 2.5; q=0.25 → pos 0.75 → 1.75
    expect(quantile([1, 2, 3, 4], 0.5)).to.equal(2.5);
    expect(quantile([1, 2, 3, 4], 0.25)).to.equal(1.75);
    expect(quantile([1, 2, 3, 4], 1)).to.equal(4);
  });

  it('gives a degenerate interval when every item is the same', () => {
    // every resample of [1,1,1] has mean 1
    expect(bootstrapCi(3, meanOf([1, 1, 1]))).to.deep.equal({ estimate: 1, low: 1, high: 1, confidence: 0.95 });
  });

  it('gives an interval around the estimate that narrows with more items and is reproducible', () => {
    const small = Array.from({ length: 100 }, (_, i) => (i % 4 === 0 ? 0 : 1)); // accuracy 0.75
    const large = Array.from({ length: 2000 }, (_, i) => (i % 4 === 0 ? 0 : 1));
    const ciSmall = bootstrapCi(small.length, meanOf(small), { seed: 1 });
    const ciLarge = bootstrapCi(large.length, meanOf(large), { seed: 1 });
    expect(ciSmall.estimate).to.equal(0.75);
    expect(ciSmall.low).to.be.below(0.75).and.above(0.6);
    expect(ciSmall.high).to.be.above(0.75).and.below(0.9);
    // binomial standard error √(0.75·0.25/n): 0.043 for 100, 0.0097 for 2000 → widths ≈ 0.17 and 0.038
    expect(ciSmall.high - ciSmall.low).to.be.closeTo(0.17, 0.03);
    expect(ciLarge.high - ciLarge.low).to.be.closeTo(0.038, 0.008);
    expect(bootstrapCi(small.length, meanOf(small), { seed: 1 })).to.deep.equal(ciSmall);
  });

  it('gives the same interval for a seed after other seeds pushed its kept draw out, and a different one for another seed', () => {
    const items = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? 0 : 1));
    const first = bootstrapCi(items.length, meanOf(items), { seed: 'kept' });
    // more seeds than draws are kept: the first is drawn again, and must be drawn the same
    for (let seed = 0; seed < 6; seed++) bootstrapCi(items.length, meanOf(items), { seed, samples: 50 });
    expect(bootstrapCi(items.length, meanOf(items), { seed: 'kept' })).to.deep.equal(first);
    expect(bootstrapCi(items.length, meanOf(items), { seed: 'other' })).to.not.deep.equal(first);
  });

  it('paired test: identical systems get p = 1, clearly different ones a small p', () => {
    const a = Array.from({ length: 500 }, (_, i) => (i % 10 < 8 ? 1 : 0)); // 0.8
    const b = Array.from({ length: 500 }, (_, i) => (i % 10 < 6 ? 1 : 0)); // 0.6, B right only where A is
    const same = pairedBootstrap(a.length, meanOf(a), meanOf(a), { samples: 200 });
    // δ = 0 and |δ_b − 0| ≥ 0 always → p = (1 + 200)/(201) = 1
    expect(same).to.deep.equal({ difference: 0, low: 0, high: 0, confidence: 0.95, pValue: 1, samples: 200 });
    const different = pairedBootstrap(a.length, meanOf(a), meanOf(b), { samples: 200 });
    expect(different.difference).to.be.closeTo(0.2, 1e-12);
    // B is right on a subset of A's items: the per-item difference is 1 on 20 % of items, so the
    // interval is that of a proportion, 0.2 ± 1.96·√(0.2·0.8/500) ≈ 0.165–0.235
    expect(different.low).to.be.closeTo(0.165, 0.015);
    expect(different.high).to.be.closeTo(0.235, 0.015);
    // the differences are 0.2 ± 0.018, never 0.2 away from 0.2 → p = 1/201
    expect(different.pValue).to.equal(1 / 201);
  });

  it('paired test: a tiny difference on noisy items is not significant', () => {
    const a = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? 1 : 0));
    const b = a.map((v, i) => (i === 1 ? 1 : v)); // B wins one item of 200
    expect(pairedBootstrap(a.length, meanOf(b), meanOf(a), { samples: 500 }).pValue).to.be.above(0.3);
  });

  it('computes micro F1 over resampled per-item span counts', () => {
    const counts = [
      { truePositives: 1, gold: 2, predicted: 1 },
      { truePositives: 0, gold: 0, predicted: 1 },
    ];
    // all items: tp 1, gold 2, predicted 2 → P 0.5, R 0.5, F1 0.5
    expect(microF1Of(counts)(Int32Array.from([0, 1]))).to.equal(0.5);
    // item 0 twice: tp 2, gold 4, predicted 2 → P 1, R 0.5 → F1 2/3
    expect(microF1Of(counts)(Int32Array.from([0, 0]))).to.be.closeTo(2 / 3, 1e-12);
  });

  it('rejects bad arguments', () => {
    expect(() => bootstrapCi(0, meanOf([]))).to.throw(/at least one item/);
    expect(() => bootstrapCi(2, meanOf([1, 0]), { samples: 0 })).to.throw(/samples must be a positive integer/);
  });
});
