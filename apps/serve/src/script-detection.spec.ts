import { expect } from 'chai';
import { chooseLocale, detectScript, hasWordCharacters, readableIn } from './script-detection.js';

describe('script detection', () => {
  const cases: [string, string][] = [
    ['wake me up at seven', 'latin'],
    ['明日の天気は', 'japanese'],
    ['アラームを止めて', 'japanese'],
    ['कल का मौसम कैसा है', 'devanagari'],
    ['play ビートルズ please', 'japanese'],
    ['12:30 !!', 'unknown'],
    ['🙂🙂', 'unknown'],
  ];
  for (const [text, script] of cases) it(`${JSON.stringify(text)} → ${script}`, () => expect(detectScript(text)).to.equal(script));

  it('chooses the first served locale of the script, any served one when the script says nothing, none when none fits', () => {
    expect(chooseLocale('pon la alarma', ['es-ES', 'en-US'])).to.deep.equal({ locale: 'es-ES', script: 'latin' });
    expect(chooseLocale('明日の天気は', ['en-US', 'ja-JP'])).to.deep.equal({ locale: 'ja-JP', script: 'japanese' });
    expect(chooseLocale('42', ['hi-IN'])).to.deep.equal({ locale: 'hi-IN', script: 'unknown' });
    expect(chooseLocale('明日の天気は', ['en-US'])).to.equal(undefined);
  });

  it('finds no locale for letters of a script no served locale reads (Arabic, Cyrillic)', () => {
    expect(chooseLocale('السلام عليكم', ['en-US', 'ja-JP'])).to.equal(undefined);
    expect(chooseLocale('включи музыку', ['en-US'])).to.equal(undefined);
  });

  it('says whether a locale reads a text: its own script or Latin; digits and symbols alone are left to the model', () => {
    expect(readableIn('включи музыку', 'en-US')).to.equal(false);
    expect(readableIn('play ビートルズ', 'en-US'), 'Latin letters beside kana').to.equal(true);
    expect(readableIn('明日の天気は', 'hi-IN')).to.equal(false);
    expect(readableIn('iPhone の設定', 'ja-JP')).to.equal(true);
    expect(readableIn('12:30', 'ja-JP')).to.equal(true);
    expect(hasWordCharacters('?! 🙂 \u0000')).to.equal(false);
    expect(hasWordCharacters('7')).to.equal(true);
  });
});
