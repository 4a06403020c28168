import { expect } from 'chai';
import { formatDuration, terminalLog, timeLeft } from './progress.js';

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

describe('terminalLog', () => {
  const sink = (isTTY: boolean) => {
    const writes: string[] = [];
    return { writes, stream: { isTTY, write: (text: string) => writes.push(text) > 0 } };
  };

  it('redraws progress lines in place behind a bar on a terminal, each epoch keeping its last line', () => {
    const { writes, stream } = sink(true);
    const log = terminalLog(stream);
    log('epoch 1/2  50%  loss 1.0');
    log('epoch 1/2 100%  loss 0.5');
    log('epoch 1: dev frame 0.5');
    log('epoch 2/2  10%  loss 0.4');
    log('done');
    expect(writes).to.deep.equal([
      '\r\x1b[2K[##########..........] epoch 1/2  50%  loss 1.0',
      '\r\x1b[2K[####################] epoch 1/2 100%  loss 0.5\n',
      'epoch 1: dev frame 0.5\n',
      '\r\x1b[2K[##..................] epoch 2/2  10%  loss 0.4',
      '\ndone\n',
    ]);
  });

  it('prints lines with the time and level into a file or a CI log', () => {
    const { writes, stream } = sink(false);
    const log = terminalLog(stream, { now: () => new Date('2026-11-26T18:50:02.123Z') });
    log('epoch 1/2  50%  loss 1.0');
    log('warning: 3 of 10 test records have intents the model never trained on');
    expect(writes).to.deep.equal([
      '2026-11-26T18:50:02.123Z info  epoch 1/2  50%  loss 1.0\n',
      '2026-11-26T18:50:02.123Z warn  warning: 3 of 10 test records have intents the model never trained on\n',
    ]);
  });
});
