import { existsSync } from 'node:fs';
import { DATA_DIR_ENV, dataFiles, resolveDataRoot } from '../data-root.js';

/**
 * The data root for specs that need the real data sets. Where the data is absent the spec is
 * skipped with a message saying how to provide it, except in CI (CI=true), where the data must
 * be present and its absence fails the spec.
 */
export function sharedDataRootOrSkip(context: Mocha.Context): string {
  const root = resolveDataRoot();
  if (existsSync(dataFiles.massive(root, 'en-US'))) return root;
  const message = `no data sets at ${root}: set ${DATA_DIR_ENV} (e.g. ${DATA_DIR_ENV}=../shared/datasets) or run npx nx run datasets:fetch`;
  if (process.env['CI']) throw new Error(`${message} (CI must have the data: not skipping)`);
  console.warn(`      skipped: ${message}`);
  context.skip();
}
