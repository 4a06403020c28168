import { expect } from 'chai';
import { accuracy } from './accuracy.js';
import { frameAccuracy, type Frame } from './frame-accuracy.js';

describe('accuracy', () => {
  const cases: Array<[string[], string[], number]> = [
    [['a', 'b', 'c', 'd'], ['a', 'b', 'x', 'd'], 0.75], // 3 of 4
    [['a'], ['a'], 1],
    [['a', 'b'], ['b', 'a'], 0],
  ];
  for (const [gold, predicted, expected] of cases) {
    it(`${gold.join('')} vs ${predicted.join('')} → ${expected}`, () => expect(accuracy(gold, predicted)).to.equal(expected));
  }
  it('is NaN on no items and throws on different lengths', () => {
    expect(Number.isNaN(accuracy([], []))).to.equal(true);
    expect(() => accuracy(['a'], [])).to.throw(/accuracy: gold has 1 items but predictions have 0/);
  });
});

describe('frameAccuracy', () => {
  const date = { type: 'date', start: 0, end: 1 };
  const time = { type: 'time', start: 2, end: 4 };
  const gold: Frame[] = [
    { domain: 'alarm', intent: 'alarm_set', spans: [date, time] },
    { domain: 'alarm', intent: 'alarm_set', spans: [date] },
    { domain: 'music', intent: 'play_music', spans: [] },
    { domain: 'weather', intent: 'weather_query', spans: [time] },
    { domain: 'alarm', intent: 'alarm_query', spans: [] },
  ];
  const predicted: Frame[] = [
    { domain: 'alarm', intent: 'alarm_set', spans: [time, date] }, // ✓ order does not matter
    { domain: 'alarm', intent: 'alarm_set', spans: [date, time] }, // ✗ extra slot
    { domain: 'music', intent: 'play_music', spans: [] }, // ✓
    { domain: 'weather', intent: 'weather_query', spans: [{ ...time, end: 3 }] }, // ✗ slot boundary
    { domain: 'calendar', intent: 'alarm_query', spans: [] }, // ✗ domain
  ];
  it('counts a frame only when domain, intent and all slots are right: 2 of 5 = 0.4', () => {
    expect(frameAccuracy(gold, predicted)).to.equal(0.4);
  });
  it('ignores domain when neither side has one', () => {
    expect(frameAccuracy([{ intent: 'x', spans: [] }], [{ intent: 'x', spans: [] }])).to.equal(1);
  });
});
