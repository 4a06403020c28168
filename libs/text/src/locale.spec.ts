import { expect } from 'chai';
import { addLocaleProfiles, isLocale, localeProfile, parseLocale, parseLocaleProfiles, profiledLocales, suggestion } from './locale.js';

describe('locale profiles', () => {
  it('profile all of MASSIVE 1.1’s 52 locales', () => {
    for (const locale of [
      'en-US',
      'es-ES',
      'it-IT',
      'hi-IN',
      'ja-JP',
      'fr-FR',
      'pt-PT',
      'ru-RU',
      'ar-SA',
      'zh-CN',
      'ko-KR',
      'th-TH',
      'sl-SL',
      'zh-TW',
    ])
      expect(isLocale(locale), locale).to.equal(true);
    expect(profiledLocales().filter((l) => l !== 'la-VA')).to.have.length(52);
    expect(localeProfile('ru-RU')).to.deep.include({ scripts: ['Cyrillic'], tokenizer: 'unicode-words', romanizer: 'any-ascii' });
  });

  it('rejects an unknown locale naming the input and suggesting the nearest', () => {
    expect(() => parseLocale('ja-jp', 'config.json')).to.throw(
      /config\.json: unknown locale "ja-jp" \(did you mean "ja-JP"\?\): no profile/,
    );
    expect(() => parseLocale('xx-QQ', 'x')).to.throw(/unknown locale "xx-QQ".*one entry adds a locale/);
    expect(() => parseLocale(42, 'x')).to.throw(/unknown locale 42/);
  });

  it('adds a locale from one table entry, and checks every entry naming the locale and key', () => {
    expect(isLocale('la-VA')).to.equal(false);
    addLocaleProfiles(
      parseLocaleProfiles({ 'la-VA': { language: 'Latin', scripts: ['Latin'], tokenizer: 'unicode-words', iso639_3: 'lat' } }, 'team.json'),
    );
    expect(isLocale('la-VA')).to.equal(true);
    const entry = { language: 'X', scripts: ['Latin'], tokenizer: 'unicode-words', iso639_3: 'xxx' };
    expect(() => parseLocaleProfiles({ german: entry }, 'team.json')).to.throw(/team\.json: "german" is not a locale name like de-DE/);
    expect(() => parseLocaleProfiles({ 'xx-XX': { ...entry, scripts: ['Klingon'] } }, 'team.json')).to.throw(
      /team\.json: xx-XX: xx-XX\.scripts\.0: not a Unicode script name/,
    );
    expect(() => parseLocaleProfiles({ 'xx-XX': { ...entry, romanizer: 'uroman' } }, 'team.json')).to.throw(
      /xx-XX\.romanizer: expected one of wanakana/,
    );
    expect(() => parseLocaleProfiles({ 'xx-XX': { ...entry, tokeniser: 'x' } }, 'team.json')).to.throw(/xx-XX: .*tokeniser/);
  });

  it('suggests only names within typo distance', () => {
    expect(suggestion('maxnet', ['maxent', 'joint'])).to.equal(' (did you mean "maxent"?)');
    expect(suggestion('transformer', ['maxent', 'joint'])).to.equal('');
  });
});
