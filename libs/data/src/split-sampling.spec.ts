import { expect } from 'chai';
import { seededShuffle } from './random.js';
import { mixLanguages, sampleStratified } from './sampling.js';
import { seededSplit } from './split.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('seededShuffle', () => {
  it('is a permutation that depends only on the seed', () => {
    const a = seededShuffle(range(50), 7);
    expect([...a].sort((x, y) => x - y)).to.deep.equal(range(50));
    expect(seededShuffle(range(50), 7)).to.deep.equal(a);
    expect(seededShuffle(range(50), 8)).to.not.deep.equal(a);
  });
});

describe('seededSplit', () => {
  it('cuts 80/10/10 by default, disjoint and complete, each part in input order', () => {
    const { train, dev, test } = seededSplit(range(1000), 1);
    expect([train.length, dev.length, test.length]).to.deep.equal([800, 100, 100]);
    expect([...train, ...dev, ...test].sort((a, b) => a - b)).to.deep.equal(range(1000));
    expect(train).to.deep.equal([...train].sort((a, b) => a - b));
    expect(seededSplit(range(1000), 1)).to.deep.equal({ train, dev, test });
  });

  it('rounds part sizes and gives train the rest', () => {
    const { train, dev, test } = seededSplit(range(5343), 0);
    // dev = round(534.3) = 534, test = 534, train = 5343 − 1068 = 4275
    expect([train.length, dev.length, test.length]).to.deep.equal([4275, 534, 534]);
  });

  it('rejects fractions that do not sum to 1', () => {
    expect(() => seededSplit(range(3), 0, { train: 0.8, dev: 0.1, test: 0.2 })).to.throw(/sum to 1/);
  });
});

describe('sampleStratified', () => {
  // 60 items of intent a, 30 of b, 10 of c
  const items = range(100).map((i) => ({ id: i, intent: i < 60 ? 'a' : i < 90 ? 'b' : 'c' }));
  const count = (sample: typeof items, intent: string) => sample.filter((item) => item.intent === intent).length;

  it('keeps the strata proportions: 10 of 100 → 6 a, 3 b, 1 c', () => {
    const sample = sampleStratified(items, 10, 3, (item) => item.intent);
    expect([count(sample, 'a'), count(sample, 'b'), count(sample, 'c')]).to.deep.equal([6, 3, 1]);
    expect(sample.map((item) => item.id)).to.deep.equal([...sample.map((item) => item.id)].sort((x, y) => x - y));
  });

  it('gives leftover places to the largest remainders: 15 → a 9, b 4.5, c 1.5 → 9, 5, 1 or 9, 4, 2', () => {
    const sample = sampleStratified(items, 15, 3, (item) => item.intent);
    expect(sample).to.have.length(15);
    expect(count(sample, 'a')).to.equal(9);
    expect(count(sample, 'b') + count(sample, 'c')).to.equal(6);
  });

  it('is reproducible, differs by seed, and returns everything when n ≥ size', () => {
    const ids = (seed: number) => sampleStratified(items, 10, seed, (item) => item.intent).map((item) => item.id);
    expect(ids(3)).to.deep.equal(ids(3));
    expect(ids(3)).to.not.deep.equal(ids(4));
    expect(sampleStratified(items, 500, 0)).to.have.length(100);
    expect(() => sampleStratified(items, -1, 0)).to.throw(/n must be a whole number ≥ 0/);
  });
});

describe('mixLanguages', () => {
  const en = range(20).map((i) => ({ locale: 'en-US', i }));
  const hi = range(20).map((i) => ({ locale: 'hi-IN', i }));

  it('shuffles the union, applying per-language limits', () => {
    const mixed = mixLanguages({ 'en-US': en, 'hi-IN': hi }, 5, { limits: { 'hi-IN': 2 } });
    expect(mixed.filter((r) => r.locale === 'en-US')).to.have.length(20);
    expect(mixed.filter((r) => r.locale === 'hi-IN')).to.have.length(2);
    expect(mixLanguages({ 'en-US': en, 'hi-IN': hi }, 5, { limits: { 'hi-IN': 2 } })).to.deep.equal(mixed);
    expect(mixed.slice(0, 20).every((r) => r.locale === 'en-US')).to.equal(false);
  });

  it('rejects a limit for a language that is not mixed', () => {
    expect(() => mixLanguages({ 'en-US': en }, 0, { limits: { 'it-IT': 1 } })).to.throw(/limit is set for it-IT/);
  });
});
