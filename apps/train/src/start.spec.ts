import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { fixtureDataRoot } from '@xlnlu/training/testing';

const START = path.resolve('apps/train/src/start.ts');
// the runs go to the working directory: a temporary one, so tsx is named by path, not resolved from there
const TSX = pathToFileURL(path.resolve('node_modules/tsx/dist/loader.mjs')).href;

/** npm start, as a new user runs it: train, evaluate, print; again: evaluate the trained run; no data: say how. */
describe('npm start (one-command start)', function () {
  this.timeout(300_000);
  const work = mkdtempSync(path.join(tmpdir(), 'xlnlu-start-'));
  const config = path.join(work, 'maxent.json');
  writeFileSync(
    config,
    JSON.stringify({ name: 'maxent', model: { type: 'maxent-nlu', domain: { epochs: 3 }, intent: { epochs: 3 }, slots: { epochs: 3 } } }),
  );
  const start = (env: Record<string, string>, ...args: string[]) =>
    spawnSync(process.execPath, ['--import', TSX, START, `--config=${config}`, ...args], {
      cwd: work,
      encoding: 'utf8',
      // the workspace's path aliases (@xlnlu/*), which tsx would otherwise look for in the working directory
      env: { ...process.env, TSX_TSCONFIG_PATH: path.resolve('tsconfig.base.json'), XLNLU_BACKEND: 'wasm', ...env },
    });

  it('trains the config, evaluates it and prints its metrics with CIs; run again, it evaluates the trained run', () => {
    const dataRoot = fixtureDataRoot();
    const first = start({ XLNLU_DATA_DIR: dataRoot });
    expect(first.status, first.stderr).to.equal(0);
    expect(first.stdout).to.match(/en-US test: \d+ utterances \(maxent-nlu, seed 0\)/);
    expect(first.stdout).to.match(/frame accuracy +\d\.\d{4} +\(95 % CI \d\.\d{4}–\d\.\d{4}\)/);
    expect(existsSync(path.join(work, 'runs', 'maxent', 'metrics', 'en-US.json'))).to.equal(true);
    const second = start({ XLNLU_DATA_DIR: dataRoot });
    expect(second.status, second.stderr).to.equal(0);
    expect(second.stdout).to.include('runs/maxent: trained already; evaluating it');
    expect(second.stdout).to.not.include('training maxent-nlu');
  });

  it('without the data (and told not to download it), says how to point at a local copy, in one line, and exits 1', () => {
    const result = start({ XLNLU_DATA_DIR: path.join(work, 'no-data') }, '--no-fetch');
    expect(result.status).to.equal(1);
    expect(result.stderr).to.match(
      /MASSIVE en-US not in .*no-data: set XLNLU_DATA_DIR to a directory holding massive-1\.1\/data\/<locale>\.jsonl/,
    );
    expect(result.stderr, 'no stack').to.not.match(/\n\s+at /u);
  });
});
