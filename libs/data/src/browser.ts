/**
 * @xlnlu/data in a browser bundle (apps/browser/src/bundle.ts maps the package here): what reading
 * and encoding one text needs, without the readers, the data root or the command line (Node's
 * file system) and without the locale-profile file of $XLNLU_LOCALE_PROFILES.
 */
export { wordsOf, type NluRecord } from './nlu-record.js';
export { seededRandom } from './random.js';
export {
  charBigrams,
  chooseLocale,
  createTextPipeline,
  hashedNgramIds,
  isLocale,
  readableIn,
  unknownLocaleMessage,
  Vocabulary,
  type Locale,
  type TextPipeline,
  type Token,
} from '@xlnlu/text';
