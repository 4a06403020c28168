import { expect } from 'chai';
import { chooseLocale, detectScript } from './script-detection.js';

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
});
