import { expect } from 'chai';
import { bucketedBatches, lengthOrderedBatches } from './batching.js';

describe('bucketedBatches', () => {
  const lengths = Array.from({ length: 103 }, (_, i) => 1 + ((i * 7) % 13));

  it('uses every example once, in batches of similar length', () => {
    const batches = bucketedBatches(lengths, 10, 1);
    expect(batches.flat().sort((a, b) => a - b)).to.deep.equal(lengths.map((_, i) => i));
    expect(batches.map((b) => b.length).sort((a, b) => a - b)).to.deep.equal([3, ...new Array(10).fill(10)]);
    // cut from the length-sorted order: in length order, batches do not interleave
    const ranges = batches.map((batch) => batch.map((i) => lengths[i]!)).map((ls) => [Math.min(...ls), Math.max(...ls)] as const);
    ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i]![0]).to.be.at.least(ranges[i - 1]![1]);
  });

  it('is reproducible with a seed and differs between seeds', () => {
    expect(bucketedBatches(lengths, 10, 'a')).to.deep.equal(bucketedBatches(lengths, 10, 'a'));
    expect(bucketedBatches(lengths, 10, 'a')).to.not.deep.equal(bucketedBatches(lengths, 10, 'b'));
  });
});

describe('lengthOrderedBatches', () => {
  it('cuts the examples, shortest first (ties in input order), into batches', () => {
    expect(lengthOrderedBatches([3, 1, 2, 1, 5], 2)).to.deep.equal([[1, 3], [2, 0], [4]]);
    expect(lengthOrderedBatches([], 4)).to.deep.equal([]);
  });
});
