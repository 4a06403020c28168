import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fixtureDataRoot, tinyJointModel } from '@xlnlu/training/testing';

const TRAIN = 'apps/train/src/main.ts';
const EVALUATE = 'apps/evaluate/src/main.ts';

/**
 * Every file a run keeps, damaged the ways disks and people damage them: each is refused with exit
 * code 1 and one message naming the file, never a stack trace, never a silent success.
 */
describe('corrupt run state (train --resume, evaluate)', function () {
  this.timeout(300_000);
  const work = mkdtempSync(path.join(tmpdir(), 'xlnlu-corrupt-'));
  const env = { ...process.env, XLNLU_DATA_DIR: fixtureDataRoot(), XLNLU_BACKEND: 'wasm' };
  const config = path.join(work, 'joint.json');
  writeFileSync(
    config,
    JSON.stringify({
      name: 'joint',
      seed: 1,
      model: tinyJointModel(3, { embeddingDim: 8, encoderUnits: 8, intentHidden: 8 }),
    }),
  );
  const pristine = path.join(work, 'pristine');
  let copies = 0;
  /** A fresh copy of the trained run, damaged by `damage`; returns its runs directory. */
  const damaged = (damage: (run: string) => void) => {
    const runsDir = path.join(work, `copy-${copies++}`);
    cpSync(pristine, runsDir, { recursive: true });
    damage(path.join(runsDir, 'joint'));
    return runsDir;
  };
  const node = (script: string, args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { env, encoding: 'utf8' });
  const resume = (runsDir: string) => node(TRAIN, [`--config=${config}`, `--runs-dir=${runsDir}`, '--resume']);
  const evaluate = (runsDir: string) => node(EVALUATE, [`--run=${path.join(runsDir, 'joint')}`, '--locale=en-US']);
  const expectRefused = (result: ReturnType<typeof node>, file: string, why: RegExp) => {
    expect(result.status, result.stdout + result.stderr).to.equal(1);
    expect(result.stderr).to.include(file);
    expect(result.stderr).to.match(why);
    expect(result.stderr, 'no stack trace').to.not.match(/^\s+at /m);
  };
  const json = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

  before(() => {
    const trained = node(TRAIN, [`--config=${config}`, `--runs-dir=${pristine}`]);
    expect(trained.status, trained.stderr).to.equal(0);
  });

  it('checkpoint state.json: malformed, or an epoch beyond maxEpochs', () => {
    let runsDir = damaged((run) => writeFileSync(path.join(run, 'checkpoint', 'state.json'), '{"format": "xlnlu.checkpoint/1", "epo'));
    expectRefused(resume(runsDir), path.join(runsDir, 'joint', 'checkpoint', 'state.json'), /malformed JSON/);
    runsDir = damaged((run) => {
      const file = path.join(run, 'checkpoint', 'state.json');
      writeFileSync(file, JSON.stringify({ ...json(file), epoch: 9 }));
    });
    expectRefused(resume(runsDir), path.join(runsDir, 'joint', 'checkpoint', 'state.json'), /"epoch" is 9, beyond model\.maxEpochs 3/);
  });

  it('checkpoint weights that do not match their manifest, and an optimizer manifest that is not one', () => {
    let runsDir = damaged((run) => {
      const file = path.join(run, 'checkpoint', 'model-0.bin');
      writeFileSync(file, readFileSync(file).subarray(0, 100));
    });
    expectRefused(
      resume(runsDir),
      path.join(runsDir, 'joint', 'checkpoint', 'model-0.bin'),
      /100 bytes, but .*model-0\.json describes \d+/,
    );
    runsDir = damaged((run) => writeFileSync(path.join(run, 'checkpoint', 'optimizer.json'), '{"not": "a list"}'));
    expectRefused(resume(runsDir), path.join(runsDir, 'joint', 'checkpoint', 'optimizer.json'), /expected a list of weight specs/);
  });

  it("the run's config.json on resume", () => {
    const runsDir = damaged((run) => writeFileSync(path.join(run, 'config.json'), '{"name": '));
    expectRefused(resume(runsDir), path.join(runsDir, 'joint', 'config.json'), /malformed JSON/);
  });

  it('model.json, model.bin and metadata.json at evaluation', () => {
    let runsDir = damaged((run) => writeFileSync(path.join(run, 'model', 'model.json'), '{"modelTopology": '));
    expectRefused(evaluate(runsDir), path.join(runsDir, 'joint', 'model', 'model.json'), /malformed JSON/);
    runsDir = damaged((run) => writeFileSync(path.join(run, 'model', 'model.bin'), Buffer.alloc(12)));
    expectRefused(evaluate(runsDir), path.join(runsDir, 'joint', 'model', 'model.bin'), /12 bytes, but .*model\.json describes \d+/);
    runsDir = damaged((run) => writeFileSync(path.join(run, 'model', 'metadata.json'), 'null'));
    expectRefused(evaluate(runsDir), path.join(runsDir, 'joint', 'model', 'metadata.json'), /expected format "xlnlu\.joint-bilstm-crf\/1"/);
  });

  it('metadata listing fewer intents than the model has outputs', () => {
    const runsDir = damaged((run) => {
      const file = path.join(run, 'model', 'metadata.json');
      const metadata = json(file);
      writeFileSync(file, JSON.stringify({ ...metadata, intents: metadata.intents.slice(1) }));
    });
    expectRefused(
      evaluate(runsDir),
      path.join(runsDir, 'joint', 'model', 'metadata.json'),
      /lists \d+ intents but the model's weights have \d+/,
    );
  });

  it('a model whose weights are NaN: evaluation fails instead of reporting metrics without intents', () => {
    const runsDir = damaged((run) => {
      const file = path.join(run, 'model', 'model.bin');
      writeFileSync(file, Buffer.alloc(readFileSync(file).byteLength, 0xff)); // every float32 a NaN
    });
    const result = evaluate(runsDir);
    expect(result.status).to.equal(1);
    expect(result.stderr).to.match(/the model's (intent probabilities|tag scores) are not finite numbers/);
    expect(result.stdout).to.not.include('intent accuracy');
  });

  it('a model directory caught between its two renames (only model.previous and model.next) is still read', () => {
    const runsDir = damaged((run) => {
      cpSync(path.join(run, 'model'), path.join(run, 'model.next'), { recursive: true });
      cpSync(path.join(run, 'model'), path.join(run, 'model.previous'), { recursive: true });
      spawnSync('rm', ['-r', path.join(run, 'model')]);
    });
    const result = evaluate(runsDir);
    expect(result.status, result.stderr).to.equal(0);
    expect(result.stdout).to.match(/intent accuracy\s+\d\.\d{4}/);
  });
});
