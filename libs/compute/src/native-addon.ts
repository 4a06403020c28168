import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { missingCalls, NATIVE_ENV, parseThreads, THREADS_ENV, type NativeKernels } from './native-kernels.js';

/**
 * Loads the native core's addon in Node: the one module of libs/compute's native path that needs
 * Node (native-addon.browser.ts stands in for it in browser bundles, apps/browser/src/bundle.ts).
 */

export const NATIVE_ADDON = fileURLToPath(new URL('../native/build/Release/xlnlu_native.node', import.meta.url));
/** The build script beside the sources (in the repository and in the installed @xlnlu/compute alike). */
const BUILD_SCRIPT = fileURLToPath(new URL('../native/build.mjs', import.meta.url));

/** The addon when built and not switched off ($XLNLU_NATIVE=off), and a line saying which paths run or why not. */
export function loadNativeAddon(): { kernels?: NativeKernels; status: string } {
  if (process.env[NATIVE_ENV] === 'off') return { status: `off ($${NATIVE_ENV}=off)` };
  let kernels: NativeKernels;
  try {
    kernels = createRequire(import.meta.url)(NATIVE_ADDON) as NativeKernels;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND')
      return {
        status: `not built (the install step builds it where node-gyp and a C++ compiler are present; \`node ${path.relative(process.cwd(), BUILD_SCRIPT)}\` says why it cannot)`,
      };
    return { status: `not loadable (${(error as Error).message.split('\n')[0]}); rebuild with \`npm run build:native\`` };
  }
  // an addon built from older sources lacks the newer calls: the TensorFlow.js paths run instead, and the line says why
  const missing = missingCalls(kernels);
  if (missing.length > 0) return { status: `built from older sources (no ${missing.join(', ')}); rebuild with \`npm run build:native\`` };
  const fromEnv = process.env[THREADS_ENV];
  if (fromEnv !== undefined && fromEnv !== '') kernels.setThreads(parseThreads(fromEnv, `$${THREADS_ENV}`));
  if (!nativeNetworksWanted()) return { kernels, status: `native kernels (BiLSTM, CRF) under TensorFlow.js ($${NATIVE_ENV}=kernels)` };
  return { kernels, status: 'native networks (joint and NER training and prediction) and kernels (BiLSTM, CRF)' };
}

/** Whether whole networks may run natively: not when $XLNLU_NATIVE is `kernels` (only the BiLSTM and CRF kernels, under TensorFlow.js). */
export function nativeNetworksWanted(): boolean {
  return process.env[NATIVE_ENV] !== 'kernels';
}
