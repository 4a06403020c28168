// The README's test command. Lints and type-checks every project, checks import cycles and formatting, runs every project's specs
// (all through Nx), then prints one workspace-wide "N passed, N failed" line: CI reads the last
// line of output. A failed lint, type-check, cycle or format check counts as one failure in that line.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = path.join(root, 'dist', 'test-results');
const extraArgs = process.argv.slice(2);

function nx(targets, options = []) {
  const run = spawnSync('npx', ['nx', 'run-many', '-t', ...targets, '--outputStyle=static', ...options, ...extraArgs], {
    cwd: root,
    stdio: 'inherit',
    env: { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', ...process.env },
  });
  return run.status === 0;
}

rmSync(resultsDir, { recursive: true, force: true });
const checksPassed = nx(['lint', 'typecheck', 'import-cycles', 'format-check']);
// one project's specs at a time: several specs measure latency or kill processes on a timer, and
// on a 2-core machine another project's training alongside would measure that instead
const testsRan = nx(['test'], ['--parallel=1']);

let passes = 0;
let failures = 0;
let pending = 0;
const reports = existsSync(resultsDir) ? readdirSync(resultsDir).filter((file) => file.endsWith('.json')) : [];
for (const file of reports) {
  const result = JSON.parse(readFileSync(path.join(resultsDir, file), 'utf8'));
  passes += result.passes;
  failures += result.failures;
  pending += result.pending;
}
if (!checksPassed) {
  console.error('lint, type-check, import-cycle or format check failed (see above); counted as 1 failure');
  failures += 1;
}
if (!testsRan && failures === 0) {
  console.error('a test target failed without reporting failed specs (see above); counted as 1 failure');
  failures += 1;
}
if (reports.length === 0) {
  console.error('no project reported test results');
  failures += 1;
}
console.log(`${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}`);
process.exit(failures > 0 ? 1 : 0);
