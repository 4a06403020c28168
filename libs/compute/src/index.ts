export { tf, tfl } from './tfjs.js';
export { BACKEND_ENV, BACKENDS, selectBackend, type BackendInfo, type BackendName } from './backends.js';
export { registerSegmentSumKernel, segmentSumInto } from './segment-sum.js';
export { registerTransposeFirstMatMul } from './transpose-first-matmul.js';
export { hostKernels, nativeKernels, onHostBackend, nativeStatus, NATIVE_ENV, type BiLstmCache, type NativeKernels } from './native.js';
