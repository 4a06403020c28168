// Everything a browser may use too (browser.ts), and what only Node can: backend selection (it
// loads tfjs-node or the wasm files from node_modules), kernel registration, the native core's threads.
export * from './browser.js';
export { BACKEND_ENV, BACKENDS, selectBackend, type BackendInfo, type BackendName } from './backends.js';
export { registerSegmentSumKernel, segmentSumInto } from './segment-sum.js';
export { registerTransposeFirstMatMul } from './transpose-first-matmul.js';
export { NATIVE_ENV, setNativeThreads, THREADS_ENV } from './native.js';
