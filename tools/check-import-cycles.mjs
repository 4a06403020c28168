// Fails (exit 1) when modules import each other in a circle, type-only imports included: a circle
// means two files are one concept split in two, or a type has no home of its own.
//   node tools/check-import-cycles.mjs [glob …]   (default: every TypeScript source of the workspace)
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const globs =
  process.argv.length > 2 ? process.argv.slice(2) : ['libs/*/src/**/*.ts', 'apps/*/src/**/*.ts', 'tools/**/*.ts', 'datasets/src/**/*.ts'];
const dpdm = path.join(path.dirname(createRequire(import.meta.url).resolve('dpdm/package.json')), 'lib', 'bin', 'dpdm.js');
const run = spawnSync(process.execPath, [dpdm, '--no-warning', '--no-tree', '--no-progress', '--exit-code', 'circular:1', ...globs], {
  encoding: 'utf8',
});
process.stdout.write(run.stdout);
process.stderr.write(run.stderr);
process.exit(run.status ?? 1);
