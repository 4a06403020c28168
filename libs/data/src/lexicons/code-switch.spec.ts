import { expect } from 'chai';
import type { NluRecord } from '../nlu-record.js';
import { codeSwitch } from './code-switch.js';

const record = (text: string, tags: string[], slots: NluRecord['slots'] = []): NluRecord => {
  let offset = 0;
  const tokens = text.split(' ').map((word) => {
    const token = { text: word, start: offset, end: offset + word.length };
    offset += word.length + 1;
    return token;
  });
  return { id: '1', locale: 'en-US', partition: 'train', domain: 'alarm', intent: 'alarm_set', text, tokens, slots, tags };
};

describe('codeSwitch (CoSDA-ML-style English records with translated words)', () => {
  const wake = record('Wake me at five am', ['O', 'O', 'O', 'B-time', 'I-time'], [{ type: 'time', start: 11, end: 18 }]);
  const lexicons = new Map([
    [
      'es-ES' as const,
      new Map([
        ['wake', ['despierta']],
        ['five', ['las cinco']],
        ['am', ['de la mañana']],
      ]),
    ],
    [
      'it-IT' as const,
      new Map([
        ['wake', ['sveglia']],
        ['five', ['cinque']],
      ]),
    ],
  ]);

  it('at rate 1 replaces every word a drawn lexicon translates, keeping intent and carrying tags onto multiword translations', () => {
    const { records, report } = codeSwitch([wake], new Map([['es-ES', lexicons.get('es-ES')!]]), { rate: 1, seed: 0 });
    const [switched] = records;
    expect(switched!.tokens.map((t) => t.text)).to.deep.equal(['despierta', 'me', 'at', 'las', 'cinco', 'de', 'la', 'mañana']);
    expect(switched!.tags).to.deep.equal(['O', 'O', 'O', 'B-time', 'I-time', 'I-time', 'I-time', 'I-time']);
    expect(switched!.text).to.equal('despierta me at las cinco de la mañana');
    expect(switched!.slots).to.deep.equal([{ type: 'time', start: 16, end: 38 }]);
    expect(switched!.text.slice(16, 38)).to.equal('las cinco de la mañana');
    expect({ intent: switched!.intent, id: switched!.id, locale: switched!.locale }).to.deep.equal({
      intent: 'alarm_set',
      id: '1',
      locale: 'en-US',
    });
    expect(report).to.deep.equal({ records: 1, words: 5, replaced: 3, byLocale: { 'es-ES': 3 } });
  });

  it('at rate 0 changes nothing; between, about its share, reproducibly for a seed, across locales', () => {
    expect(codeSwitch([wake], lexicons, { rate: 0, seed: 0 }).records[0]!.tokens.map((t) => t.text)).to.deep.equal(
      wake.tokens.map((t) => t.text),
    );
    const many = Array.from({ length: 400 }, () => wake);
    const a = codeSwitch(many, lexicons, { rate: 0.5, seed: 3 });
    const b = codeSwitch(many, lexicons, { rate: 0.5, seed: 3 });
    expect(a.records).to.deep.equal(b.records);
    // translatable draws: wake (both lexicons), five (both), am (es only: half the draws)
    const translatable = 400 * (1 + 1 + 0.5);
    expect(a.report.replaced / translatable).to.be.closeTo(0.5, 0.05);
    expect(a.report.byLocale['es-ES']! / a.report.byLocale['it-IT']!).to.be.closeTo(1.5, 0.25);
    expect(codeSwitch(many, lexicons, { rate: 0.5, seed: 4 }).records).to.not.deep.equal(a.records);
  });

  it('refuses a rate outside [0, 1] and an empty set of lexicons', () => {
    expect(() => codeSwitch([wake], lexicons, { rate: 1.5, seed: 0 })).to.throw(/rate must be in \[0, 1\], got 1.5/);
    expect(() => codeSwitch([wake], new Map(), { rate: 0.5, seed: 0 })).to.throw(/no lexicon/);
  });
});
