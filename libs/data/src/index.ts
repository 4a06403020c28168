export { bioTags, splitAtSpanBoundaries, type BioTagging } from './bio.js';
export { readConll, type ConllFile, type ConllOptions } from './conll-reader.js';
export { DataError, formatLocation, type DataLocation, type SkippedRecord } from './data-error.js';
export {
  countPartitions,
  DATA_FORMATS,
  dataSourceFromFlags,
  dataSourceSchema,
  hasIntents,
  loadDataSource,
  sha256Of,
  type DataFormat,
  type DataProvenance,
  type DataSource,
} from './data-source.js';
export { DATA_DIR_ENV, dataFiles, massiveLocalesIn, requireDataFile, requireDataRoot, resolveDataRoot } from './data-root.js';
export { AnnotationError, alignSlots, parseAnnotation } from './massive-annotation.js';
export { readMassive, type MassiveFile, type ReadMassiveOptions } from './massive-reader.js';
export { formatAnnotation, massiveLine } from './massive-writer.js';
export { massiveStats, type MassiveStats } from './massive-stats.js';
export { nerAsNluRecord, PARTITIONS, wordsOf, type NerRecord, type NluRecord, type Partition } from './nlu-record.js';
export { seededRandom, seededShuffle } from './random.js';
export { mixLanguages, sampleStratified } from './sampling.js';
export { readSpanJson, type SpanJsonFile } from './span-json-reader.js';
export { parseRasaExample, readRasaYaml, type RasaExample, type RasaFile } from './rasa-reader.js';
export type { Span } from './span.js';
export { DEFAULT_SPLIT, seededSplit, type SplitFractions } from './split.js';
// What users of data sets need from text, so that they depend on data alone (docs/architecture.md).
export {
  builtInLocales,
  charBigrams,
  chooseLocale,
  hashedNgramIds,
  createTextPipeline,
  isLocale,
  localeProfile,
  localeSchema,
  parseLocale,
  profiledLocales,
  readableIn,
  STUDY_LOCALES,
  suggestion,
  unknownLocaleMessage,
  Vocabulary,
  type Locale,
  type LocaleProfile,
  type TextPipeline,
  type Token,
} from '@xlnlu/text';
import { addProfilesFromEnvironment } from './locale-profiles-file.js';
export { addProfilesFromEnvironment, LOCALE_PROFILES_ENV } from './locale-profiles-file.js';
export { CommandLineError, helpText, parseCommandLine, type CommandDescription } from './command-line.js';
export { readWordVectors, type WordVectors } from './word-vectors.js';
export { PACKAGED_VECTORS_PREFIX, resolveWordVectorsFile } from './packaged-word-vectors.js';
export { readDictd, type DictdEntry } from './lexicons/dictd.js';
export { freedictTranslations } from './lexicons/freedict-entry.js';
export { freedictEnglishTo, readFreeDictLexicon, type BilingualLexicon } from './lexicons/bilingual-lexicon.js';
export {
  induceLexicon,
  parallelPairs,
  precisionAt1,
  type InductionOptions,
  type LexiconScore,
  type ParallelPair,
} from './lexicons/induced-lexicon.js';
export { composeVectors, formatVec, invertLexicons, type CompositionReport } from './lexicons/composed-vectors.js';
export { englishLexicons, LEXICON_SOURCES, mergeLexicons, type LexiconSource } from './lexicons/english-lexicons.js';
export { bliPrecisionAt1, holdOut, withoutTranslations, type BliScore } from './lexicons/bli.js';
export { buildSharedSpace, type SharedSpaceInput, type SharedSpaceReport } from './lexicons/shared-space.js';
export { codeSwitch, type CodeSwitchOptions, type CodeSwitchReport } from './lexicons/code-switch.js';
export { readMassiveLocale } from './massive-locale.js';

// a team's own locale profiles join the table before anything reads a locale (locale-profiles-file.ts);
// a bad file breaks every command alike, and no command's error handler exists yet at import time,
// so it is reported here, in one line, instead of as an uncaught stack
try {
  addProfilesFromEnvironment();
} catch (error) {
  console.error(`error: ${(error as Error).message}`);
  process.exit(1);
}
