export { charBigrams, charNgrams, fnv1a, hashedNgramIds, WORD_END, WORD_START } from './char-ngrams.js';
export { HINDI_SCHEMES, HindiRomanizer, recomposeNukta, type HindiScheme } from './hindi-romanizer.js';
export { JapaneseRomanizer, romanizeKana } from './japanese-romanizer.js';
export { bundledKuromojiDictionary, JapaneseTokenizer } from './japanese-tokenizer.js';
export { isLocale, LOCALES, parseLocale, suggestion, type Locale } from './locale.js';
export type { Romanizer, Token, Tokenizer } from './token.js';
export { createTextPipeline, type TextPipeline, type TextPipelineOptions } from './tokenizer-for-locale.js';
export { PAD, UNK, Vocabulary, type VocabularyJson } from './vocabulary.js';
export { WordTokenizer } from './word-tokenizer.js';
