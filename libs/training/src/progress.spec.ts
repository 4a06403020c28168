import { expect } from 'chai';
import { formatDuration, timeLeft } from './progress.js';

describe('progress: durations and time left', () => {
  it('writes m:ss under an hour and h:mm:ss from an hour, rounding to the second', () => {
    expect(formatDuration(0)).to.equal('0:00');
    expect(formatDuration(59_499)).to.equal('0:59');
    expect(formatDuration(61_000)).to.equal('1:01');
    expect(formatDuration(3_600_000)).to.equal('1:00:00');
    expect(formatDuration(3_725_000)).to.equal('1:02:05');
    expect(formatDuration(-5)).to.equal('0:00');
  });

  it('projects the pace so far onto what is left, and has no estimate before the first unit', () => {
    expect(timeLeft(0, 10, 5_000)).to.equal(undefined);
    expect(timeLeft(2, 10, 5_000)).to.equal(20_000);
    expect(timeLeft(10, 10, 5_000)).to.equal(0);
  });
});
