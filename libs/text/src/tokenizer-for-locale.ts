import { JapaneseRomanizer } from './japanese-romanizer.js';
import { JapaneseTokenizer } from './japanese-tokenizer.js';
import { localeProfile, type Locale, type LocaleProfile } from './locale.js';
import { SanscriptRomanizer, type BrahmicScript, type SanscriptScheme } from './sanscript-romanizer.js';
import type { Romanizer, Tokenizer } from './token.js';
import { WordTokenizer } from './word-tokenizer.js';

export interface TextPipelineOptions {
  /** kuromoji dictionary directory; the one bundled with kuromoji by default. */
  kuromojiDictionary?: string;
  /** IAST or ITRANS, for the Brahmic scripts sanscript romanizes. */
  sanscriptScheme?: SanscriptScheme;
}

/** What a locale's text goes through: its tokenizer, and a romanizer where the script is not Latin. */
export interface TextPipeline {
  readonly locale: Locale;
  readonly tokenizer: Tokenizer;
  readonly romanizer?: Romanizer;
}

// pinyin-pro, es-hangul and any-ascii load their tables on import (~0.5 s together): only a
// pipeline of a locale that needs one imports it, not every command that reads text
async function romanizerOf(profile: LocaleProfile, options: TextPipelineOptions): Promise<Romanizer | undefined> {
  if (!profile.romanizer) return undefined;
  const [name, argument] = profile.romanizer.split(':');
  switch (name) {
    case 'wanakana':
      return new JapaneseRomanizer();
    case 'sanscript':
      return new SanscriptRomanizer(options.sanscriptScheme, (argument ?? 'devanagari') as BrahmicScript);
    case 'pinyin':
      return new (await import('./chinese-romanizer.js')).ChineseRomanizer();
    case 'revised-romanization':
      return new (await import('./korean-romanizer.js')).KoreanRomanizer();
    case 'any-ascii':
      return new (await import('./any-ascii-romanizer.js')).AnyAsciiRomanizer();
    default:
      throw new Error(`${profile.language}: unknown romanizer "${profile.romanizer}"`);
  }
}

/** A locale's tokenizer and romanizer, as its profile (locale-profiles.json) names them. */
export async function createTextPipeline(locale: Locale, options: TextPipelineOptions = {}): Promise<TextPipeline> {
  const profile = localeProfile(locale);
  const tokenizer =
    profile.tokenizer === 'kuromoji' ? await JapaneseTokenizer.create(options.kuromojiDictionary) : new WordTokenizer(locale);
  return { locale, tokenizer, romanizer: await romanizerOf(profile, options) };
}
