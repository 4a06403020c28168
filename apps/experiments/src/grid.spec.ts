import { expect } from 'chai';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fixtureDataRoot } from '@xlnlu/training/testing';
import { fixtureConfigs } from './testing/fixture-configs.js';

const MAIN = 'apps/experiments/src/main.ts';

/** Whether a process runs (a zombie, killed but not yet reaped by its new parent, does not). */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) [ZX] /s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('experiments:run (grid runner, fixture data)', function () {
  this.timeout(300_000);
  const work = mkdtempSync(path.join(tmpdir(), 'xlnlu-grid-'));
  const dataRoot = fixtureDataRoot();
  const runsDir = path.join(work, 'runs');
  const gridDirectory = path.join(runsDir, 'fixture-grid');
  const { file, maxent, joint } = fixtureConfigs(work);
  const grid = file('grid.json', {
    name: 'fixture-grid',
    description: 'max-ent baseline, a joint model, and a joint model starting from the first one',
    seeds: [0, 1],
    baseline: 'maxent',
    runs: [
      { name: 'maxent', config: maxent, evaluate: ['en-US'] },
      { name: 'joint', config: joint, evaluate: ['en-US'], domainFrom: 'maxent' },
      {
        name: 'joint-transfer',
        config: joint,
        set: ['model.maxEpochs=5'],
        transfer: { from: 'joint', copy: ['embeddings', 'encoder'], freeze: ['encoder'] },
        evaluate: ['en-US'],
        compareTo: { 'en-US': 'joint' },
      },
    ],
  });
  const env = { ...process.env, XLNLU_DATA_DIR: dataRoot, XLNLU_BACKEND: 'wasm' };
  const args = ['--import', 'tsx', MAIN, `--config=${grid}`, `--runs-dir=${runsDir}`];
  const runIds = ['maxent-s0', 'joint-s0', 'joint-transfer-s0', 'maxent-s1', 'joint-s1', 'joint-transfer-s1'];
  const complete = (id: string) => path.join(gridDirectory, id, 'complete.json');

  it('killed with SIGKILL mid-run and started again: completes the grid without redoing finished runs, the interrupted one from its checkpoint', async () => {
    const runner: ChildProcess = spawn(process.execPath, args, { env, stdio: 'ignore' });
    // wait until one run is complete and another has checkpointed an epoch, then kill the runner
    const deadline = Date.now() + 120_000;
    const checkpointed = (id: string) => existsSync(path.join(gridDirectory, id, 'checkpoint', 'state.json'));
    let finished: string[] = [];
    let underWay: string | undefined;
    while (Date.now() < deadline) {
      finished = runIds.filter((id) => existsSync(complete(id)));
      underWay = runIds.find((id) => !finished.includes(id) && checkpointed(id));
      if (finished.length >= 1 && underWay) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(finished.length, 'a run completed before the kill').to.be.at.least(1);
    expect(underWay, 'a run had checkpointed an epoch at the kill').to.be.a('string');
    // the run's worker holds its directory's lock: that is its pid
    const worker = JSON.parse(readFileSync(path.join(gridDirectory, underWay!, '.lock'), 'utf8')).pid as number;
    expect(worker).to.not.equal(runner.pid);
    runner.kill('SIGKILL');
    const killedAt = Date.now();
    await new Promise((resolve) => runner.once('exit', resolve));
    while (running(worker) && Date.now() - killedAt < 5_000) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(Date.now() - killedAt, 'the orphaned worker was gone within 1 s').to.be.at.most(1_000);
    const finishedAt = new Map(finished.map((id) => [id, statSync(complete(id)).mtimeMs]));
    expect(existsSync(complete(underWay!)), `${underWay} was not finished`).to.equal(false);

    const restarted = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const again = { status: null as number | null, stdout: '', stderr: '' };
    restarted.stdout!.on('data', (chunk: Buffer) => (again.stdout += chunk.toString()));
    restarted.stderr!.on('data', (chunk: Buffer) => (again.stderr += chunk.toString()));
    const exited = new Promise((resolve) => restarted.once('exit', (code) => resolve((again.status = code))));
    // while it runs, a second runner on the same grid directory refuses, naming it
    const lockFile = path.join(gridDirectory, '.lock');
    while (!(existsSync(lockFile) && readFileSync(lockFile, 'utf8').includes(`"pid":${restarted.pid},`)) && again.status === null)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const second = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
    expect(second.status, second.stdout).to.equal(1);
    expect(second.stderr).to.include(`${gridDirectory} is locked by process ${restarted.pid}`);
    await exited;
    expect(again.status, again.stderr + again.stdout).to.equal(0);
    expect(again.stdout).to.match(new RegExp(`${finished.length} of 6 runs already complete, skipped`));
    // after every run: done / failed / left with the time left from the finished runs' durations
    expect(again.stdout).to.match(/grid: 6 of 6 done, 0 failed, 0 left; elapsed \d+:\d\d, about 0:00 left/);
    expect(again.stdout).to.include(`${underWay}: interrupted run goes on from its last epoch checkpoint`);
    expect(readFileSync(path.join(gridDirectory, 'logs', `${underWay}.log`), 'utf8')).to.match(/resuming after epoch \d+/);
    expect(JSON.parse(readFileSync(complete(underWay!), 'utf8')).resumed).to.equal(true);
    for (const id of runIds) expect(existsSync(complete(id)), id).to.equal(true);
    for (const [id, mtime] of finishedAt) expect(statSync(complete(id)).mtimeMs, `${id} not redone`).to.equal(mtime);
    // every run directory is whole: a model, metrics and per-utterance scores
    for (const id of runIds)
      expect(readdirSync(path.join(gridDirectory, id, 'metrics')).sort(), id).to.deep.equal([
        'en-US.conlleval.txt',
        'en-US.items.json',
        'en-US.json',
        'en-US.predictions.jsonl',
      ]);
    const transfer = JSON.parse(readFileSync(path.join(gridDirectory, 'joint-transfer-s1', 'transfer.json'), 'utf8'));
    expect(transfer.from).to.equal(path.join(gridDirectory, 'joint-s1'));
  });

  it('ends with the same results.csv as the same grid run undisturbed', () => {
    const undisturbed = spawnSync(
      process.execPath,
      ['--import', 'tsx', MAIN, `--config=${grid}`, `--runs-dir=${path.join(work, 'undisturbed')}`],
      { env, encoding: 'utf8' },
    );
    expect(undisturbed.status, undisturbed.stderr).to.equal(0);
    const results = (root: string) => readFileSync(path.join(root, 'fixture-grid', 'results.csv'), 'utf8');
    expect(results(runsDir)).to.equal(results(path.join(work, 'undisturbed')));
  });

  it('a corrupt completion mark stops the runner with a message naming it, before any run starts', () => {
    const mark = path.join(work, 'undisturbed', 'fixture-grid', 'maxent-s1', 'complete.json');
    writeFileSync(mark, '{"config": {"na');
    const run = spawnSync(process.execPath, ['--import', 'tsx', MAIN, `--config=${grid}`, `--runs-dir=${path.join(work, 'undisturbed')}`], {
      env,
      encoding: 'utf8',
    });
    expect(run.status).to.equal(1);
    expect(run.stderr).to.include(`${mark}: malformed JSON`);
    expect(run.stderr, 'no stack trace').to.not.match(/^\s+at /m);
  });

  it('writes results.csv, results.md and a self-contained report.html with CIs, differences with their CIs and p-values against the baseline', () => {
    const csv = readFileSync(path.join(gridDirectory, 'results.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).to.equal(
      'grid,run,locale,metric,seeds,per_seed,estimate,ci_low,ci_high,compared_to,difference,difference_ci_low,difference_ci_high,p_value,domain_from',
    );
    expect(csv).to.have.length(1 + 3 * 6); // 3 runs × 6 metrics on en-US (slots and frames also on character offsets)
    const row = (run: string, metric: string) => csv.find((line) => line.startsWith(`fixture-grid,${run},en-US,${metric},`))!.split(',');
    // every English slot boundary is a token boundary: both scorings agree
    expect(row('joint', 'slotF1Chars')[6]).to.equal(row('joint', 'slotF1')[6]);
    expect(row('joint', 'frameChars')[6]).to.equal(row('joint', 'frame')[6]);
    expect(row('maxent', 'frame')[9]).to.equal(''); // no test against itself
    expect(row('joint', 'frame')[9]).to.equal('maxent');
    expect(row('joint-transfer', 'frame')[9]).to.equal('joint'); // its compareTo for en-US
    const [estimate, low, high, , difference, differenceLow, differenceHigh, p] = row('joint', 'intent').slice(6).map(Number);
    expect(low).to.be.at.most(estimate!);
    expect(high).to.be.at.least(estimate!);
    expect(differenceLow).to.be.at.most(difference!);
    expect(differenceHigh).to.be.at.least(difference!);
    expect(p).to.be.within(0, 1);
    expect(row('joint', 'intent')[4]).to.equal('0 1');
    // the joint run is scored with the max-ent run's domains, as a pipeline would be
    expect(row('joint', 'domain').slice(5, 9), 'domain figures are those of max-ent').to.deep.equal(row('maxent', 'domain').slice(5, 9));
    expect([
      row('joint', 'domain')[14],
      row('joint', 'frame')[14],
      row('joint', 'intent')[14],
      row('joint-transfer', 'frame')[14],
    ]).to.deep.equal(['maxent', 'maxent', '', '']);
    const markdown = readFileSync(path.join(gridDirectory, 'results.md'), 'utf8');
    expect(markdown).to.include('## frame acc.');
    expect(markdown).to.include("Domain, and so frames, scored with another run's domain predictions (same seed): joint (en-US: maxent).");
    expect(markdown).to.match(
      /\| joint-transfer \| [01]\.\d{4} \([01]\.\d{3}–[01]\.\d{3}\) Δ [+-]\d\.\d{4} \([+-]\d\.\d{3} to [+-]\d\.\d{3}\) vs joint, p \d\.\d{3} \|/,
    );
    const html = readFileSync(path.join(gridDirectory, 'report.html'), 'utf8');
    expect(html).to.match(/^<!doctype html>/);
    // per metric the estimates and the forest plot; training curves; per type and per intent of en-US
    expect(html.match(/<h2>[^<]*<\/h2>/g)).to.include.members([
      '<h2>frame acc.</h2>',
      '<h2>en-US: per slot type and per intent</h2>',
      '<h2>runs</h2>',
    ]);
    expect((html.match(/<svg /g) ?? []).length).to.be.at.least(6 * 2 + 1);
    expect(html).to.include('intent accuracy per gold intent');
    expect(html).to.not.match(/<script|<link|src="http/);
  });

  it('with partition dev, evaluates and reports on the dev sets and never reads a test set', () => {
    const devGrid = file('dev-grid.json', {
      name: 'dev-grid',
      seeds: [0],
      partition: 'dev',
      baseline: 'maxent',
      runs: [
        { name: 'maxent', config: maxent, evaluate: ['en-US'] },
        { name: 'maxent-short', config: maxent, set: ['model.intent.epochs=1'], evaluate: ['en-US'] },
      ],
    });
    const result = spawnSync(process.execPath, ['--import', 'tsx', MAIN, `--config=${devGrid}`, `--runs-dir=${runsDir}`], {
      env,
      encoding: 'utf8',
    });
    expect(result.status, result.stderr).to.equal(0);
    const metrics = readdirSync(path.join(runsDir, 'dev-grid', 'maxent-s0', 'metrics')).sort();
    expect(metrics).to.deep.equal(['en-US.dev.conlleval.txt', 'en-US.dev.items.json', 'en-US.dev.json', 'en-US.dev.predictions.jsonl']);
    expect(readFileSync(path.join(runsDir, 'dev-grid', 'results.md'), 'utf8')).to.include('Scored on the **dev** sets');
    expect(readFileSync(path.join(runsDir, 'dev-grid', 'results.csv'), 'utf8')).to.match(/dev-grid,maxent-short,en-US,intent,/);
  });

  it('rejects an unknown key in a grid file and a transfer from a run the grid does not have', () => {
    const bad = file('bad.json', { name: 'g', seeds: [0], runs: [{ name: 'a', config: maxent, evaluate: ['en-US'], sets: [] }] });
    const run = spawnSync(process.execPath, ['--import', 'tsx', MAIN, `--config=${bad}`, `--runs-dir=${runsDir}`], {
      env,
      encoding: 'utf8',
    });
    expect(run.status).to.equal(1);
    expect(run.stderr).to.match(/bad\.json: runs\.0: Unrecognized key: "sets"/);
    const orphan = file('orphan.json', {
      name: 'g',
      seeds: [0],
      runs: [{ name: 'a', config: joint, evaluate: ['en-US'], transfer: { from: 'nope', copy: ['encoder'] } }],
    });
    const second = spawnSync(process.execPath, ['--import', 'tsx', MAIN, `--config=${orphan}`, `--runs-dir=${runsDir}`], {
      env,
      encoding: 'utf8',
    });
    expect(second.stderr).to.match(/run "a" transfers from "nope", which is not one of its runs \(a\)/);
  });
});
