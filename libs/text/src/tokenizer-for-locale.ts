import { HindiRomanizer, type HindiScheme } from './hindi-romanizer.js';
import { JapaneseRomanizer } from './japanese-romanizer.js';
import { JapaneseTokenizer } from './japanese-tokenizer.js';
import type { Locale } from './locale.js';
import type { Romanizer, Tokenizer } from './token.js';
import { WordTokenizer } from './word-tokenizer.js';

export interface TextPipelineOptions {
  /** kuromoji dictionary directory; the one bundled with kuromoji by default. */
  kuromojiDictionary?: string;
  hindiScheme?: HindiScheme;
}

/** What a locale's text goes through: its tokenizer, and a romanizer where the script is not Latin. */
export interface TextPipeline {
  readonly locale: Locale;
  readonly tokenizer: Tokenizer;
  readonly romanizer?: Romanizer;
}

export async function createTextPipeline(locale: Locale, options: TextPipelineOptions = {}): Promise<TextPipeline> {
  switch (locale) {
    case 'ja-JP':
      return { locale, tokenizer: await JapaneseTokenizer.create(options.kuromojiDictionary), romanizer: new JapaneseRomanizer() };
    case 'hi-IN':
      return { locale, tokenizer: new WordTokenizer(), romanizer: new HindiRomanizer(options.hindiScheme) };
    case 'en-US':
    case 'es-ES':
    case 'it-IT':
      return { locale, tokenizer: new WordTokenizer() };
  }
}
