/**
 * @xlnlu/training in a browser bundle (apps/browser/src/bundle.ts): how a joint model reads text
 * and names its outputs, and how a prediction becomes an answer, without training, files or runs.
 */
export {
  JointReader,
  jointVocabularies,
  JOINT_FORMAT,
  type EncodedUtterance,
  type JointMetadata,
} from './families/joint-bilstm-crf/joint-reader.js';
export { textParse, type ParsedSlot, type TextParse } from './text-parse.js';
export { Views } from './views.js';
