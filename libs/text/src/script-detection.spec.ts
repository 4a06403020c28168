import { expect } from 'chai';
import { chooseLocale, detectScripts, readableIn } from './script-detection.js';

describe('script detection', () => {
  it('counts letters by script, ignoring digits, punctuation and emoji', () => {
    expect(Object.fromEntries(detectScripts('play ビートルズ 明日 3!'))).to.deep.equal({ Latin: 4, Katakana: 4, Han: 2 });
    expect(detectScripts('12:30 🙂').size).to.equal(0);
  });

  const served = ['en-US', 'fr-FR', 'ru-RU', 'ar-SA', 'hi-IN', 'zh-CN', 'ja-JP', 'ko-KR', 'th-TH'];
  const cases: [string, string, string][] = [
    ['wake me up at seven', 'en-US', 'latin'],
    ['включи музыку в гостиной', 'ru-RU', 'cyrillic'],
    ['шаблон Spotify пожалуйста', 'ru-RU', 'cyrillic'],
    ['شغل الموسيقى', 'ar-SA', 'arabic'],
    ['कल का मौसम कैसा है', 'hi-IN', 'devanagari'],
    ['打开客厅的灯', 'zh-CN', 'han'],
    ['明日の天気は', 'ja-JP', 'han+hiragana'],
    ['アラームを止めて', 'ja-JP', 'han+hiragana+katakana'],
    ['내일 아침 깨워줘', 'ko-KR', 'hangul'],
    ['ปลุกฉันตอนเจ็ดโมง', 'th-TH', 'thai'],
    ['42', 'en-US', 'none'],
  ];
  for (const [text, locale, script] of cases)
    it(`${JSON.stringify(text)} → ${locale} (${script})`, () => expect(chooseLocale(text, served)).to.deep.equal({ locale, script }));

  it('sends Latin text to the first Latin locale served, and finds none for a script no served locale reads', () => {
    expect(chooseLocale('pon la alarma', ['ja-JP', 'es-ES', 'en-US'])).to.deep.equal({ locale: 'es-ES', script: 'latin' });
    expect(chooseLocale('明日の天気は', ['en-US'])).to.equal(undefined);
    expect(chooseLocale('السلام عليكم', ['en-US', 'ja-JP'])).to.equal(undefined);
    expect(chooseLocale('pon la alarma', ['ja-JP'])).to.equal(undefined);
  });

  it('says whether a locale reads a text: its own script or Latin; digits and symbols alone are left to the model', () => {
    expect(readableIn('включи музыку', 'en-US')).to.equal(false);
    expect(readableIn('включи музыку', 'mn-MN')).to.equal(true);
    expect(readableIn('play ビートルズ', 'en-US'), 'Latin letters beside kana').to.equal(true);
    expect(readableIn('明日の天気は', 'hi-IN')).to.equal(false);
    expect(readableIn('iPhone の設定', 'ja-JP')).to.equal(true);
    expect(readableIn('12:30', 'ja-JP')).to.equal(true);
  });
});
