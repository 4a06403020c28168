import { nativeKernels, nativeStatus, type NativeKernels } from '../native.js';

/**
 * The native kernels for specs that compare them with the reference paths. Where the core was not
 * built the spec is skipped with the reason, except in CI (CI=true), where `npm ci` must have
 * built it and its absence fails the spec.
 */
export function nativeKernelsOrSkip(context: Mocha.Context): NativeKernels {
  const native = nativeKernels();
  if (native) return native;
  const message = `native compute core ${nativeStatus()}`;
  if (process.env['CI']) throw new Error(`${message} (CI builds it in npm ci: not skipping)`);
  console.warn(`      skipped: ${message}`);
  return context.skip() as never;
}
