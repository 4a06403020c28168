/**
 * @xlnlu/compute in a browser bundle (apps/browser/src/bundle.ts maps the package here): TensorFlow.js
 * and the native core's queries, which answer "none" there (native-addon.browser.ts). Backend
 * selection stays Node's (it loads tfjs-node or the wasm files from node_modules); a page uses
 * TensorFlow.js's own `tf.setBackend`.
 */
export { tf, tfl } from './tfjs.js';
export {
  hostKernels,
  nativeKernels,
  nativeNetworkKernels,
  onHostBackend,
  nativeStatus,
  JOINT_WEIGHTS,
  NER_WEIGHTS,
  type BiLstmCache,
  type JointHostArrays,
  type JointProjectionTables,
  type JointWordFeatures,
  type JointWeightSlot,
  type NerHostArrays,
  type NerWeightSlot,
  type NativeKernels,
} from './native.js';
