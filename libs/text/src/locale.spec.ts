import { expect } from 'chai';
import { isLocale, parseLocale, suggestion } from './locale.js';

describe('locale', () => {
  it('accepts the five supported locales', () => {
    for (const locale of ['en-US', 'es-ES', 'it-IT', 'hi-IN', 'ja-JP']) expect(isLocale(locale)).to.equal(true);
  });

  it('rejects an unknown locale naming the input and suggesting the nearest', () => {
    expect(() => parseLocale('ja-jp', 'config.json')).to.throw(/config\.json: unknown locale "ja-jp".*did you mean "ja-JP"/);
    expect(() => parseLocale('fr-FR', 'x')).to.throw(/unknown locale "fr-FR"; expected one of en-US/);
    expect(() => parseLocale(42, 'x')).to.throw(/unknown locale 42/);
  });

  it('suggests only names within typo distance', () => {
    expect(suggestion('maxnet', ['maxent', 'joint'])).to.equal(' (did you mean "maxent"?)');
    expect(suggestion('transformer', ['maxent', 'joint'])).to.equal('');
  });
});
