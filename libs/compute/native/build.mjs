#!/usr/bin/env node
// Builds the native compute core (C++ through node-gyp, against this Node's own headers) during
// `npm ci`. It is optional: when the build cannot run (no compiler, no headers, XLNLU_NATIVE=off)
// this prints why and exits 0, and the toolkit runs on TensorFlow.js kernels instead.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const say = (line) => console.error(`native compute core: ${line}`);

if (process.env.XLNLU_NATIVE === 'off') {
  say('not built (XLNLU_NATIVE=off); TensorFlow.js kernels will be used');
  process.exit(0);
}

let nodeGyp;
try {
  nodeGyp = require.resolve('node-gyp/bin/node-gyp.js');
} catch {
  say('not built: node-gyp is not installed (a dev dependency); TensorFlow.js kernels will be used');
  process.exit(0);
}

// node-gyp downloads Node's headers unless told where they are; there is no internet here, and
// Node installed from a distribution package has them under <prefix>/include/node.
const args = [nodeGyp, 'rebuild'];
const prefix = dirname(dirname(process.execPath));
if (!process.env.npm_config_nodedir && existsSync(join(prefix, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${prefix}`);

const started = Date.now();
const result = spawnSync(process.execPath, args, { cwd: here, encoding: 'utf8' });
mkdirSync(join(here, 'build'), { recursive: true });
const logFile = join(here, 'build', 'build.log');
writeFileSync(logFile, `${result.stdout ?? ''}\n${result.stderr ?? ''}`);
if (result.status === 0) {
  say(`built in ${((Date.now() - started) / 1000).toFixed(1)} s (${join(here, 'build', 'Release', 'xlnlu_native.node')})`);
} else {
  const reason = (result.stderr ?? String(result.error ?? ''))
    .split('\n')
    .filter((line) => /error|ERR!/i.test(line))
    .slice(0, 3)
    .join(' | ');
  say(`not built (${reason || `node-gyp exited with ${result.status}`}); TensorFlow.js kernels will be used. Log: ${logFile}`);
}
