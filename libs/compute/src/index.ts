export { tf, tfl } from './tfjs.js';
export { BACKEND_ENV, BACKENDS, selectBackend, type BackendInfo, type BackendName } from './backends.js';
export { registerSegmentSumKernel, segmentSumInto } from './segment-sum.js';
export { registerTransposeFirstMatMul } from './transpose-first-matmul.js';
export {
  hostKernels,
  nativeKernels,
  nativeNetworkKernels,
  onHostBackend,
  nativeStatus,
  JOINT_WEIGHTS,
  NER_WEIGHTS,
  NATIVE_ENV,
  setNativeThreads,
  THREADS_ENV,
  type BiLstmCache,
  type JointHostArrays,
  type JointProjectionTables,
  type JointWeightSlot,
  type NerHostArrays,
  type NerWeightSlot,
  type NativeKernels,
} from './native.js';
