export { charBigrams, charNgrams, fnv1a, hashedNgramIds, WORD_END, WORD_START } from './char-ngrams.js';
export { JapaneseRomanizer, romanizeKana } from './japanese-romanizer.js';
export { JapaneseTokenizer } from './japanese-tokenizer.js';
export { bundledKuromojiDictionary } from './kuromoji-dictionary.js';
export {
  addLocaleProfiles,
  builtInLocales,
  isLocale,
  localeProfile,
  localeSchema,
  parseLocale,
  parseLocaleProfiles,
  profiledLocales,
  profiledScripts,
  STUDY_LOCALES,
  suggestion,
  unknownLocaleMessage,
  type Locale,
  type LocaleProfile,
} from './locale.js';
export { BRAHMIC_SCRIPTS, recomposeNukta, SANSCRIPT_SCHEMES, SanscriptRomanizer, type SanscriptScheme } from './sanscript-romanizer.js';
export { chooseLocale, detectScripts, readableIn, type ScriptCounts } from './script-detection.js';
export type { Romanizer, Token, Tokenizer } from './token.js';
export { createTextPipeline, type TextPipeline, type TextPipelineOptions } from './tokenizer-for-locale.js';
export { PAD, UNK, Vocabulary, type VocabularyJson } from './vocabulary.js';
export { WordTokenizer } from './word-tokenizer.js';
