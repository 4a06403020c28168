import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { tf } from './tfjs.js';

/**
 * The native compute core (libs/compute/native: C++ built by node-gyp during `npm ci`): the
 * BiLSTM's forward and backward passes and the CRF's forward–backward and Viterbi, each one call
 * instead of hundreds of small TensorFlow.js kernels. Optional: when it was not built, or
 * $XLNLU_NATIVE is `off`, the models run their TensorFlow.js / JavaScript paths, which compute the
 * same values (parity specs in libs/models).
 */
export interface NativeKernels {
  /** dims [B,T,D,H]; see libs/models/src/layers/bilstm-op.ts for the semantics. */
  biLstmForward(
    dims: [number, number, number, number],
    x: Float32Array,
    mask: Float32Array,
    kernel: Float32Array,
    recurrent: Float32Array,
    bias: Float32Array,
    keepCache: boolean,
  ): { y: Float32Array; cache?: BiLstmCache };
  biLstmBackward(
    dims: [number, number, number, number],
    x: Float32Array,
    mask: Float32Array,
    kernel: Float32Array,
    recurrent: Float32Array,
    cache: BiLstmCache,
    dy: Float32Array,
  ): { dx: Float32Array; dKernel: Float32Array; dRecurrent: Float32Array; dBias: Float32Array };
  /** Writes marginals [T,K] and summed pairwise marginals [K,K]; returns log Z. */
  crfForwardBackward(...args: [...ChainArguments, marginals: Float64Array, pairMarginals: Float64Array]): number;
  /** The best path; `allowed` [K,K] / `allowedStart` [K] (0 forbids) are optional. */
  crfViterbi(...args: [...ChainArguments, allowed?: Float32Array, allowedStart?: Float32Array]): Int32Array;
}

/** What both CRF kernels start with: T positions, K tags, emissions [T,K], transitions [K,K], start and end [K]. */
type ChainArguments = [T: number, K: number, emissions: Float32Array, transitions: Float32Array, start: Float32Array, end: Float32Array];

/** What the backward pass needs from the forward pass (gates and states), as one array. */
export type BiLstmCache = Float32Array;

export const NATIVE_ENV = 'XLNLU_NATIVE';
export const NATIVE_ADDON = fileURLToPath(new URL('../native/build/Release/xlnlu_native.node', import.meta.url));

let loaded: { kernels?: NativeKernels; status: string } | undefined;

function load(): { kernels?: NativeKernels; status: string } {
  if (process.env[NATIVE_ENV] === 'off') return { status: `off ($${NATIVE_ENV}=off)` };
  try {
    const kernels = createRequire(import.meta.url)(NATIVE_ADDON) as NativeKernels;
    return { kernels, status: 'native kernels (BiLSTM, CRF)' };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND')
      return { status: 'not built (npm ci builds it; `npm run build:native` says why it cannot)' };
    return { status: `not loadable (${(error as Error).message.split('\n')[0]}); rebuild with \`npm run build:native\`` };
  }
}

/** The native kernels when built and not switched off, whatever the backend. */
export function nativeKernels(): NativeKernels | undefined {
  loaded ??= load();
  return loaded.kernels;
}

/** One line for the backend announcement: which kernels run, or why not the native ones. */
export function nativeStatus(): string {
  loaded ??= load();
  return loaded.status;
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
