import { expect } from 'chai';
import type { NluRecord } from '@xlnlu/data';
import { evaluateNlu } from './nlu-evaluation.js';

const record = (text: string, words: string[], tags: string[], slots: NluRecord['slots']): NluRecord => {
  let offset = 0;
  const tokens = words.map((word) => {
    const start = text.indexOf(word, offset);
    offset = start + word.length;
    return { text: word, start, end: offset };
  });
  return { id: text, locale: 'ja-JP', partition: 'test', domain: 'weather', intent: 'weather_query', text, tokens, slots, tags };
};

describe('evaluateNlu: slots on tokens and on character offsets', () => {
  // 今週 is one kuromoji token, but MASSIVE annotates 今 [time : 週]: the slot cuts the token
  const cut = record('今週の天気', ['今週', 'の', '天気'], ['B-time', 'O', 'O'], [{ type: 'time', start: 1, end: 2 }]);
  const aligned = record('東京の天気', ['東京', 'の', '天気'], ['B-place_name', 'O', 'O'], [{ type: 'place_name', start: 0, end: 2 }]);
  const right = (r: NluRecord) => ({ domain: r.domain, intent: r.intent, tags: [...r.tags] });

  it('agree where slot boundaries are token boundaries', () => {
    const { metrics } = evaluateNlu([aligned], [right(aligned)]);
    expect(metrics.slotF1!.estimate).to.equal(1);
    expect(metrics.slotF1Chars!.estimate).to.equal(1);
    expect(metrics.frameAccuracyChars!.estimate).to.equal(1);
  });

  it('a slot that cuts a token counts as found on tokens (its token is tagged) and as missed on characters', () => {
    const { metrics, items } = evaluateNlu([cut, aligned], [right(cut), right(aligned)]);
    expect(metrics.slotF1!.estimate).to.equal(1);
    expect(items.slotCountsChars).to.deep.equal([
      { truePositives: 0, gold: 1, predicted: 1 },
      { truePositives: 1, gold: 1, predicted: 1 },
    ]);
    expect(metrics.slotF1Chars!.estimate).to.equal(0.5);
    expect(metrics.slotF1Chars!.precision).to.equal(0.5);
    expect(items.frameCorrectChars).to.deep.equal([0, 1]);
  });
});
