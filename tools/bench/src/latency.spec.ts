import { expect } from 'chai';
import { machineJitter, measureLatency, measureThroughput, percentile, summarizeLatency } from './latency.js';

describe('percentile (nearest rank)', () => {
  const cases: [number[], number, number][] = [
    [[5, 1, 3, 2, 4], 50, 3],
    [[5, 1, 3, 2, 4], 100, 5],
    [[5, 1, 3, 2, 4], 0, 1],
    [Array.from({ length: 100 }, (_, i) => 100 - i), 99, 99],
    [Array.from({ length: 200 }, (_, i) => i + 1), 99, 198],
  ];
  for (const [samples, p, expected] of cases)
    it(`p${p} of ${samples.length} samples is ${expected}`, () => expect(percentile(samples, p)).to.equal(expected));
  it('is NaN without samples and rejects a percentile outside 0–100', () => {
    expect(Number.isNaN(percentile([], 50))).to.equal(true);
    expect(() => percentile([1], 101)).to.throw(RangeError);
  });
  it('measureLatency times every input once after the warm-up inputs', () => {
    const seen: number[] = [];
    const summary = measureLatency([1, 2, 3], (x) => seen.push(x), [7, 8]);
    expect(seen).to.deep.equal([7, 8, 1, 2, 3]);
    expect(summary.samples).to.equal(3);
    expect(summary.p99Ms).to.be.at.least(summary.p50Ms);
  });
  it('summarizeLatency counts the readings more than 1 ms above the median', () => {
    const summary = summarizeLatency([0.2, 0.1, 1.2, 0.3, 3, 0.2, 4]);
    expect(summary).to.deep.include({ samples: 7, p50Ms: 0.3, p99Ms: 4, lateOver1Ms: 2 });
  });
  it('machineJitter times a task calibrated to about the asked length', () => {
    const summary = machineJitter(200, 0.5);
    expect(summary.samples).to.equal(200);
    // the calibration's scale holds within a factor of 3 even on a loaded machine (its median)
    expect(summary.p50Ms).to.be.within(0.5 / 3, 0.5 * 3);
    expect(summary.p99Ms).to.be.at.least(summary.p50Ms);
  });
  it('measureThroughput reports the first pass apart from the median of the passes after it', () => {
    let calls = 0;
    // the first pass is slow (~20 ms), the others fast
    const busy = (ms: number) => {
      const until = performance.now() + ms;
      while (performance.now() < until);
    };
    const { firstPassPerSecond, perSecond } = measureThroughput(100, () => busy(calls++ === 0 ? 20 : 2), 3);
    expect(calls).to.equal(4);
    expect(firstPassPerSecond).to.be.below(100 / 0.02 + 1);
    expect(perSecond).to.be.above(firstPassPerSecond * 3);
  });
});
