import { expect } from 'chai';
import type { NluRecord } from '../nlu-record.js';
import { induceLexicon, parallelPairs, precisionAt1, type ParallelPair } from './induced-lexicon.js';

const pair = (id: string, source: string, target: string): ParallelPair => ({ id, source: source.split(' '), target: target.split(' ') });

describe('lexicons induced from parallel utterances', () => {
  const corpus = [
    pair('1', 'wake me up at seven', 'despiértame a las siete'),
    pair('2', 'set an alarm at seven', 'pon una alarma a las siete'),
    pair('3', 'set an alarm at six', 'pon una alarma a las seis'),
    pair('4', 'cancel the alarm', 'cancela la alarma'),
    pair('5', 'play music', 'pon música'),
    pair('6', 'play some music', 'pon algo de música'),
    pair('7', 'wake me up at six', 'despiértame a las seis'),
  ];

  it('links each word to its translation by competitive linking over Dice coefficients', () => {
    const lexicon = induceLexicon(corpus, { minLinks: 2 });
    expect(lexicon.get('alarm')).to.deep.equal(['alarma']);
    expect(lexicon.get('music')).to.deep.equal(['música']);
    expect(lexicon.get('seven')).to.deep.equal(['siete']);
    expect(lexicon.get('six')).to.deep.equal(['seis']);
    expect(lexicon.has('cancel'), 'seen once: below minLinks').to.equal(false);
  });

  it('does not depend on the order of the utterance pairs', () => {
    const forward = [...induceLexicon(corpus)];
    expect([...induceLexicon([...corpus].reverse())]).to.deep.equal(forward);
  });

  it('pairs records by id within one partition only', () => {
    const record = (id: string, locale: string, partition: NluRecord['partition'], text: string) =>
      ({ id, locale, partition, tokens: text.split(' ').map((t) => ({ text: t })) }) as unknown as NluRecord;
    const english = [
      record('1', 'en-US', 'train', 'Play music'),
      record('2', 'en-US', 'test', 'stop'),
      record('3', 'en-US', 'train', 'hello !'),
    ];
    const spanish = [
      record('1', 'es-ES', 'train', 'pon música'),
      record('2', 'es-ES', 'test', 'para'),
      record('3', 'es-ES', 'train', 'hola'),
    ];
    expect(parallelPairs(english, spanish)).to.deep.equal([
      { id: '1', source: ['play', 'music'], target: ['pon', 'música'] },
      { id: '3', source: ['hello'], target: ['hola'] },
    ]);
  });

  it('scores precision at 1 against a reference, over single words both have', () => {
    const induced = new Map([
      ['alarm', ['alarma']],
      ['music', ['pon']],
      ['wake up', ['despiértame']],
      ['zzz', ['x']],
    ]);
    const reference = new Map([
      ['alarm', ['Alarma', 'preocupar']],
      ['music', ['música']],
      ['wake up', ['despertar']],
    ]);
    expect(precisionAt1(induced, reference)).to.deep.equal({ precisionAt1: 0.5, evaluated: 2 });
  });
});
