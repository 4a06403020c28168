import { expect } from 'chai';
import { LOCALES } from './locale.js';
import { createTextPipeline } from './tokenizer-for-locale.js';

describe('createTextPipeline', function () {
  this.timeout(60_000);

  it('gives every locale a tokenizer, and a romanizer to the non-Latin ones', async () => {
    const names: Record<string, [string, string | undefined]> = {};
    for (const locale of LOCALES) {
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

  it('reports a dictionary path that does not exist', async () => {
    let error: unknown;
    try {
      await createTextPipeline('ja-JP', { kuromojiDictionary: '/nonexistent/dict' });
    } catch (caught) {
      error = caught;
    }
    expect(String(error)).to.match(/kuromoji: cannot load the dictionary at \/nonexistent\/dict/);
  });
});
