import { loadNativeAddon, nativeNetworksWanted } from './native-addon.js';
import { parseThreads, type NativeKernels } from './native-kernels.js';
import { tf } from './tfjs.js';

/**
 * The native compute core as the models use it: loaded once (native-addon.ts), the kernels to use
 * under the current backend, and its threads. Its calls are declared in native-kernels.ts.
 */

export { NATIVE_ADDON } from './native-addon.js';
export { JOINT_WEIGHTS, missingCalls, NATIVE_ENV, NER_WEIGHTS, THREADS_ENV } from './native-kernels.js';
export type {
  NativeKernels,
  JointWeightSlot,
  NerWeightSlot,
  NerHostArrays,
  JointProjectionTables,
  JointWordFeatures,
  JointHostArrays,
  BiLstmCache,
} from './native-kernels.js';

let loaded: { kernels?: NativeKernels; status: string } | undefined;

/**
 * Sets the threads of the native core (`where` names the flag or variable in an error); without
 * the core it does nothing. Results do not depend on it: work is split into fixed parts whose
 * sums are added in a fixed order.
 */
export function setNativeThreads(value: string | number, where = '--threads'): void {
  const threads = parseThreads(value, where);
  nativeKernels()?.setThreads(threads);
}

/** The native kernels when built and not switched off, whatever the backend. */
export function nativeKernels(): NativeKernels | undefined {
  loaded ??= loadNativeAddon();
  return loaded.kernels;
}

/** One line for the backend announcement: which kernels run and on how many threads, or why not the native ones. */
export function nativeStatus(): string {
  loaded ??= loadNativeAddon();
  const threads = loaded.kernels?.threads();
  return threads === undefined ? loaded.status : `${loaded.status}, ${threads} thread${threads === 1 ? '' : 's'}`;
}

// Backends whose tensors live in this process's memory; reading them back is a copy, not a device
// transfer, so a native kernel between two tensor ops costs little. On libtensorflow (node,
// node-gpu) its own fused kernels run instead.
const HOST_BACKENDS = new Set(['cpu', 'wasm']);

/** Whether the current TensorFlow.js backend keeps tensors in this process's memory (cpu, wasm). */
export function onHostBackend(): boolean {
  return HOST_BACKENDS.has(tf.getBackend());
}

/** The native kernels when they should run under the current TensorFlow.js backend. */
export function hostKernels(): NativeKernels | undefined {
  return onHostBackend() ? nativeKernels() : undefined;
}

/**
 * The native kernels when whole networks should run in them (a family's training step and its
 * predictions) rather than in TensorFlow.js: on host backends, unless $XLNLU_NATIVE is `kernels`
 * (only the BiLSTM and CRF kernels, under TensorFlow.js's graph: the path before the native
 * network) or `off`.
 */
export function nativeNetworkKernels(): NativeKernels | undefined {
  return nativeNetworksWanted() ? hostKernels() : undefined;
}
