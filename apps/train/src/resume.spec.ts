import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkpointDirectory } from '@xlnlu/training';
import { fixtureDataRoot, tinyJointModel } from '@xlnlu/training/testing';

const MAIN = 'apps/train/src/main.ts';

describe('train --resume after SIGKILL (fixture data)', function () {
  this.timeout(300_000);
  const dataRoot = fixtureDataRoot();
  const work = mkdtempSync(path.join(tmpdir(), 'xlnlu-resume-'));
  const env = { ...process.env, XLNLU_DATA_DIR: dataRoot, XLNLU_BACKEND: 'wasm' };
  const config = path.join(work, 'joint.json');
  // word dropout and dropout on, so their random streams must resume where they were too
  writeFileSync(
    config,
    JSON.stringify({
      name: 'joint',
      seed: 3,
      model: tinyJointModel(40, { dropout: 0.2, wordDropout: 0.1, charBigramDim: 4 }),
    }),
  );
  const train = (runsDir: string, extra: string[] = []) =>
    spawnSync(process.execPath, ['--import', 'tsx', MAIN, `--config=${config}`, `--runs-dir=${runsDir}`, ...extra], {
      env,
      encoding: 'utf8',
    });
  const epochLosses = (run: string) =>
    readFileSync(path.join(run, 'train-log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((e) => e.stage === 'joint' && e.epoch)
      .map((e) => [e.epoch, e.meanLoss]);

  // Adam's step count: the first weight of the checkpoint's optimizer file (an int32 scalar)
  const optimizerSteps = (checkpoint: string) => {
    const specs = JSON.parse(readFileSync(path.join(checkpoint, 'optimizer.json'), 'utf8'));
    expect(specs[0]).to.deep.include({ name: 'iter', dtype: 'int32' });
    return readFileSync(path.join(checkpoint, 'optimizer.bin')).readInt32LE(0);
  };
  const epochTensors = (run: string) =>
    new Map(
      readFileSync(path.join(run, 'train-log.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
        .filter((e) => e.stage === 'joint' && e.epoch)
        .map((e) => [e.epoch, e.tensors]),
    );

  it('a run killed after 50+ optimizer steps and resumed ends with the same model (bit for bit), epoch losses and tensor count as an uninterrupted one', async () => {
    const whole = path.join(work, 'uninterrupted');
    expect(train(whole).status).to.equal(0);

    const broken = path.join(work, 'interrupted');
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, `--config=${config}`, `--runs-dir=${broken}`], {
      env,
      stdio: 'ignore',
    });
    const deadline = Date.now() + 120_000;
    // the checkpoint as a reader finds it (checkpointDirectory: the previous one while a save swaps
    // it in); a save may still swap it between finding it and reading it, so a vanished file is "not yet"
    const published = () => checkpointDirectory(path.join(broken, 'joint', 'checkpoint'));
    const stepsSoFar = () => {
      try {
        const found = published();
        return found ? optimizerSteps(found) : 0;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
        throw error;
      }
    };
    // tfjs's own Adam restore drifts from an uninterrupted run past ~17 steps: kill well after that
    while (Date.now() < deadline && stepsSoFar() < 50) await new Promise((resolve) => setTimeout(resolve, 5));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const checkpoint = published()!;
    const killedAfter = JSON.parse(readFileSync(path.join(checkpoint, 'state.json'), 'utf8')).epoch as number;
    expect(optimizerSteps(checkpoint), 'steps in the checkpoint resumed from').to.be.at.least(50);
    expect(killedAfter, 'killed before the end').to.be.below(40);

    const resumed = train(broken, ['--resume']);
    expect(resumed.status, resumed.stderr).to.equal(0);
    expect(resumed.stdout).to.match(/resuming after epoch \d+/);
    const [a, b] = [path.join(whole, 'joint'), path.join(broken, 'joint')];
    expect(
      readFileSync(path.join(b, 'model', 'model.bin')).equals(readFileSync(path.join(a, 'model', 'model.bin'))),
      'same best model, bit for bit',
    ).to.equal(true);
    // the last record of each epoch (an epoch cut by the kill may appear twice)
    const lastPerEpoch = (run: string) => [...new Map(epochLosses(run).map(([epoch, loss]) => [epoch, loss])).entries()];
    expect(lastPerEpoch(b)).to.deep.equal(lastPerEpoch(a));
    // the tensors alive after each epoch: restoring must not leave the checkpoint's tensors behind
    const [tensorsA, tensorsB] = [epochTensors(a), epochTensors(b)];
    for (let epoch = killedAfter + 1; epoch <= 40; epoch++)
      expect(tensorsB.get(epoch), `tensors after epoch ${epoch}`).to.equal(tensorsA.get(epoch));
  });

  it('refuses to resume without a checkpoint or with another config', () => {
    const fresh = path.join(work, 'fresh');
    const none = train(fresh, ['--resume']);
    expect(none.status).to.equal(1);
    expect(none.stderr).to.match(/has no checkpoint to resume from/);
    const changed = train(path.join(work, 'uninterrupted'), ['--resume', '--set', 'model.learningRate=0.01']);
    expect(changed.status).to.equal(1);
    expect(changed.stderr).to.match(/differs from .*joint\.json with its overrides: a run resumes with the config it started with/);
  });
});
