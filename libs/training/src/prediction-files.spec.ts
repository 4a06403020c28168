import { expect } from 'chai';
import type { NluRecord } from '@xlnlu/data';
import { conllevalLines, predictionLines } from './prediction-files.js';

describe('prediction files', () => {
  const record: NluRecord = {
    id: '7',
    locale: 'en-US',
    partition: 'test',
    domain: 'alarm',
    intent: 'alarm_set',
    text: 'wake me at seven am',
    tokens: [
      { text: 'wake', start: 0, end: 4 },
      { text: 'me', start: 5, end: 7 },
      { text: 'at', start: 8, end: 10 },
      { text: 'seven', start: 11, end: 16 },
      { text: 'am', start: 17, end: 19 },
    ],
    slots: [{ type: 'time', start: 11, end: 19 }],
    tags: ['O', 'O', 'O', 'B-time', 'I-time'],
  };
  const prediction = { domain: 'alarm', intent: 'alarm_query', tags: ['O', 'O', 'O', 'B-time', 'O'], intentProbability: 0.61234 };

  it('writes gold and predicted frames as annot_utt, with what is right', () => {
    expect(JSON.parse(predictionLines([record], [prediction])[0]!)).to.deep.equal({
      id: '7',
      locale: 'en-US',
      text: 'wake me at seven am',
      gold: { domain: 'alarm', intent: 'alarm_set', annot_utt: 'wake me at [time : seven am]' },
      predicted: { domain: 'alarm', intent: 'alarm_query', annot_utt: 'wake me at [time : seven] am', intentProbability: 0.6123 },
      correct: { domain: true, intent: false, tags: false },
    });
  });

  it('writes conlleval input: token, gold tag, predicted tag, a blank line after each sentence', () => {
    expect(conllevalLines([record], [prediction])).to.deep.equal([
      'wake O O',
      'me O O',
      'at O O',
      'seven B-time B-time',
      'am I-time O',
      '',
    ]);
  });
});
