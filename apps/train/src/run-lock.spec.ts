import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fixtureDataRoot, tinyJointModel } from '@xlnlu/training/testing';

const MAIN = 'apps/train/src/main.ts';

describe('train into an existing run name (fixture data)', function () {
  this.timeout(300_000);
  const work = mkdtempSync(path.join(tmpdir(), 'xlnlu-train-lock-'));
  const env = { ...process.env, XLNLU_DATA_DIR: fixtureDataRoot(), XLNLU_BACKEND: 'wasm' };
  const config = path.join(work, 'joint.json');
  writeFileSync(
    config,
    JSON.stringify({
      name: 'joint',
      seed: 2,
      model: tinyJointModel(2000, { embeddingDim: 8, encoderUnits: 8, intentHidden: 8 }),
    }),
  );
  const runsDir = path.join(work, 'runs');
  const run = path.join(runsDir, 'joint');
  const train = (extra: string[] = []) =>
    spawnSync(process.execPath, ['--import', 'tsx', MAIN, `--config=${config}`, `--runs-dir=${runsDir}`, ...extra], {
      env,
      encoding: 'utf8',
    });

  it('a second train of the same run while the first trains is refused, naming the first; the first goes on', async () => {
    const first = spawn(process.execPath, ['--import', 'tsx', MAIN, `--config=${config}`, `--runs-dir=${runsDir}`], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let firstErrors = '';
    first.stderr!.on('data', (chunk: Buffer) => (firstErrors += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => first.once('exit', resolve));
    const deadline = Date.now() + 60_000;
    while (!existsSync(path.join(run, 'train-log.jsonl')) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const second = train();
    expect(second.status).to.equal(1);
    expect(second.stderr).to.include(`${run} is locked by process ${first.pid}`);
    const forced = train(['--force']);
    expect(forced.status, '--force does not break a live lock either').to.equal(1);
    expect(forced.stderr).to.include(`is locked by process ${first.pid}`);
    const epochsLogged = () =>
      readFileSync(path.join(run, 'train-log.jsonl'), 'utf8')
        .split('\n')
        .filter((l) => l.includes('"epoch"')).length;
    const before = epochsLogged();
    while (epochsLogged() === before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(epochsLogged(), 'the first training goes on').to.be.above(before);
    first.kill('SIGKILL');
    expect(await exited, firstErrors).to.equal(null);
  });

  it('a plain rerun into a finished run is refused and leaves it as it was; --force starts clean', () => {
    // the killed run's lock is stale: --force takes it over and trains a finished run to rerun into
    const finished = train(['--force', '--set', 'model.maxEpochs=3']);
    expect(finished.status, finished.stderr).to.equal(0);
    expect(existsSync(path.join(run, '.lock')), 'the lock is released at the end').to.equal(false);
    const model = readFileSync(path.join(run, 'model', 'model.bin'));
    writeFileSync(path.join(run, 'metrics-marker'), 'from the first run');
    const rerun = train();
    expect(rerun.status).to.equal(1);
    expect(rerun.stderr).to.match(
      /already holds a trained run \(.*model.*\); pass --resume to go on from its last checkpoint, --force to delete it and train from scratch/,
    );
    expect(readFileSync(path.join(run, 'model', 'model.bin')).equals(model), 'the finished model is untouched').to.equal(true);
    const both = train(['--force', '--resume']);
    expect(both.status).to.equal(1);
    expect(both.stderr).to.include('give one of them');
    const forced = train(['--force', '--set', 'model.maxEpochs=2']);
    expect(forced.status, forced.stderr).to.equal(0);
    expect(forced.stdout).to.include(`--force: deleting the existing run in ${run}`);
    expect(readdirSync(run)).to.not.include('metrics-marker');
    const epochs = readFileSync(path.join(run, 'train-log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((e) => e.epoch);
    expect(
      epochs.map((e) => e.epoch),
      'the log holds the new run only',
    ).to.deep.equal([1, 2]);
  });
});
