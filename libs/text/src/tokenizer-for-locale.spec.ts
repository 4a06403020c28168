import { expect } from 'chai';
import { localeProfile, profiledLocales } from './locale.js';
import { createTextPipeline } from './tokenizer-for-locale.js';

describe('createTextPipeline', function () {
  this.timeout(60_000);

  it('gives the articles’ locales their tokenizers and romanizers', async () => {
    const names: Record<string, [string, string | undefined]> = {};
    for (const locale of ['en-US', 'es-ES', 'it-IT', 'hi-IN', 'ja-JP']) {
      const pipeline = await createTextPipeline(locale);
      names[locale] = [pipeline.tokenizer.name, pipeline.romanizer?.name];
    }
    expect(names).to.deep.equal({
      'en-US': ['unicode-words', undefined],
      'es-ES': ['unicode-words', undefined],
      'it-IT': ['unicode-words', undefined],
      'hi-IN': ['unicode-words', 'sanscript-iast'],
      'ja-JP': ['kuromoji-ipadic', 'wanakana-hepburn-normalised'],
    });
  });

  it('gives every profiled locale a pipeline, romanizing into Latin letters wherever the script is not Latin', async () => {
    // one greeting-sized sample per script is enough to see each romanizer reach ASCII-ish Latin
    const samples: Record<string, string> = {
      Ethiopic: 'ሰላም',
      Arabic: 'شغل',
      Bengali: 'বাংলা',
      Greek: 'Ελλάδα',
      Hebrew: 'שלום',
      Devanagari: 'मौसम',
      Armenian: 'Բարեւ',
      Han: '客厅',
      Georgian: 'გამარჯობა',
      Khmer: 'ដាស់',
      Kannada: 'ಕನ್ನಡ',
      Hangul: '알람',
      Malayalam: 'മലയാളം',
      Cyrillic: 'музыка',
      Myanmar: 'နှိုး',
      Tamil: 'தமிழ்',
      Telugu: 'తెలుగు',
      Thai: 'ปลุก',
    };
    const locales = profiledLocales();
    expect(locales).to.have.length.of.at.least(52);
    for (const locale of locales) {
      const { tokenizer, romanizer } = await createTextPipeline(locale);
      expect(tokenizer.tokenize('a b'), locale).to.have.length(2);
      const { scripts } = localeProfile(locale);
      if (scripts.includes('Latin')) {
        expect(romanizer, `${locale} is written in Latin`).to.equal(undefined);
        continue;
      }
      // Japanese is romanized from kana readings, and kanji have none out of context
      const sample = locale === 'ja-JP' ? 'アラーム' : samples[scripts[0]!]!;
      expect(sample, `a sample of ${scripts[0]}`).to.be.a('string');
      const latin = romanizer!.romanize({ text: sample, start: 0, end: sample.length });
      // IAST's diacritics aside, Latin letters only
      expect(latin.normalize('NFD').replace(/\p{M}/gu, ''), `${locale}: ${latin}`).to.match(/^[a-z']+$/u);
    }
  });

  it('segments the scripts written without spaces into words (ICU dictionaries)', async () => {
    const words = async (locale: string, text: string) => (await createTextPipeline(locale)).tokenizer.tokenize(text).map((t) => t.text);
    expect(await words('zh-CN', '打开客厅的灯')).to.deep.equal(['打开', '客厅', '的', '灯']);
    expect(await words('th-TH', 'ปลุกฉันตอนเจ็ดโมง')).to.deep.equal(['ปลุก', 'ฉัน', 'ตอน', 'เจ็ด', 'โมง']);
  });

  it('reports a dictionary path that does not exist', async () => {
    let error: unknown;
    try {
      await createTextPipeline('ja-JP', { kuromojiDictionary: '/nonexistent/dict' });
    } catch (caught) {
      error = caught;
    }
    expect(String(error)).to.match(/kuromoji: cannot load the dictionary at \/nonexistent\/dict/);
  });

  it('refuses a locale without a profile, naming the nearest', async () => {
    let error: unknown;
    try {
      await createTextPipeline('de-de');
    } catch (caught) {
      error = caught;
    }
    expect(String(error)).to.match(/unknown locale "de-de" \(did you mean "de-DE"\?\): no profile/);
  });
});
