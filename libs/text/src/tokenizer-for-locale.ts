import { AnyAsciiRomanizer } from './any-ascii-romanizer.js';
import { ChineseRomanizer } from './chinese-romanizer.js';
import { JapaneseRomanizer } from './japanese-romanizer.js';
import { JapaneseTokenizer } from './japanese-tokenizer.js';
import { KoreanRomanizer } from './korean-romanizer.js';
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

function romanizerOf(profile: LocaleProfile, options: TextPipelineOptions): Romanizer | undefined {
  if (!profile.romanizer) return undefined;
  const [name, argument] = profile.romanizer.split(':');
  switch (name) {
    case 'wanakana':
      return new JapaneseRomanizer();
    case 'sanscript':
      return new SanscriptRomanizer(options.sanscriptScheme, (argument ?? 'devanagari') as BrahmicScript);
    case 'pinyin':
      return new ChineseRomanizer();
    case 'revised-romanization':
      return new KoreanRomanizer();
    case 'any-ascii':
      return new AnyAsciiRomanizer();
    default:
      throw new Error(`${profile.language}: unknown romanizer "${profile.romanizer}"`);
  }
}

/** A locale's tokenizer and romanizer, as its profile (locale-profiles.json) names them. */
export async function createTextPipeline(locale: Locale, options: TextPipelineOptions = {}): Promise<TextPipeline> {
  const profile = localeProfile(locale);
  const tokenizer =
    profile.tokenizer === 'kuromoji' ? await JapaneseTokenizer.create(options.kuromojiDictionary) : new WordTokenizer(locale);
  return { locale, tokenizer, romanizer: romanizerOf(profile, options) };
}
