import type { NativeKernels } from './native-kernels.js';

/**
 * native-addon.ts in browser bundles (apps/browser/src/bundle.ts swaps a module for its
 * `.browser.ts` twin): a page has no native addon, so every network runs on TensorFlow.js.
 * tools/src/browser-twins.spec.ts checks that the twin exports what the module does.
 */

export const NATIVE_ADDON = '';

export const loadNativeAddon = (): { kernels?: NativeKernels; status: string } => ({ status: 'not in a browser (TensorFlow.js paths)' });

export const nativeNetworksWanted = (): boolean => false;
