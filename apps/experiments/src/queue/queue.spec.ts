import { expect } from 'chai';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fixtureDataRoot } from '@xlnlu/training/testing';
import { fixtureConfigs } from '../testing/fixture-configs.js';

const MAIN = 'apps/experiments/src/main.ts';
const WORKER = 'apps/experiments/src/worker-cli.ts';
const REDIS = spawnSync('which', ['redis-server']).status === 0;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A redis-server of this spec's own on a loopback port (no persistence); `stop` ends it. */
async function startRedis(port: number, extra: string[] = []): Promise<{ url: string; stop: () => Promise<void> }> {
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extra], {
    stdio: 'ignore',
  });
  for (
    let i = 0;
    i < 100 &&
    spawnSync(
      'redis-cli',
      ['-p', String(port), ...(extra.includes('--requirepass') ? ['-a', extra[extra.indexOf('--requirepass') + 1]!] : []), 'ping'],
      { encoding: 'utf8' },
    ).stdout.trim() !== 'PONG';
    i++
  )
    await sleep(50);
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => (redis.exitCode !== null ? resolve() : (redis.once('exit', () => resolve()), redis.kill('SIGKILL')))),
  };
}

/** A command's process with its output gathered. */
function start(script: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return Object.assign(child, { output: () => output });
}

/** The Redis .ci/run started ($XLNLU_TEST_REDIS, emptied first), else one of this spec's own. */
async function testRedis(): Promise<{ url: string; stop: () => Promise<void> }> {
  const url = process.env['XLNLU_TEST_REDIS'];
  if (!url) return startRedis(await freePort());
  const flushed = spawnSync('redis-cli', ['-u', url, 'flushdb'], { encoding: 'utf8' });
  if (flushed.stdout.trim() !== 'OK')
    throw new Error(`$XLNLU_TEST_REDIS (${url}): redis-cli flushdb answered ${flushed.stdout}${flushed.stderr}`);
  return { url, stop: async () => undefined };
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', resolve)));

describe('experiments: grids through a Redis queue (BullMQ), fixture data', function () {
  this.timeout(600_000);
  before(function () {
    if (!REDIS) {
      if (process.env['CI']) throw new Error('no redis-server on this CI machine: .ci/run installs Debian’s redis-server');
      console.log('      (skipped: no redis-server; apt-get install redis-server)');
      this.skip();
    }
  });

  const work = mkdtempSync(path.join(tmpdir(), 'xlnlu-queue-'));
  const dataRoot = fixtureDataRoot();
  const { file, maxent, joint } = fixtureConfigs(work);
  const grid = file('grid.json', {
    name: 'queue-fixture',
    description: 'max-ent, a joint model, and a joint model starting from it',
    seeds: [0],
    baseline: 'maxent',
    runs: [
      { name: 'maxent', config: maxent, evaluate: ['en-US'] },
      { name: 'joint', config: joint, evaluate: ['en-US'] },
      {
        name: 'joint-transfer',
        config: joint,
        set: ['model.maxEpochs=20'],
        transfer: { from: 'joint', copy: ['embeddings', 'encoder'] },
        evaluate: ['en-US'],
      },
    ],
  });
  const runIds = ['maxent-s0', 'joint-s0', 'joint-transfer-s0'];
  const env = { ...process.env, XLNLU_DATA_DIR: dataRoot, XLNLU_BACKEND: 'wasm', XLNLU_THREADS: '1', FORCE_COLOR: '0' };

  it('two workers, one killed with SIGKILL mid-run: every run completes once, the killed one resumed from its checkpoint, the report equal to the local runner’s', async () => {
    const redis = await testRedis();
    const runsDir = path.join(work, 'queued');
    const gridDirectory = path.join(runsDir, 'queue-fixture');
    const workers = [0, 1].map(() => start(WORKER, [`--queue=${redis.url}`, '--lock-seconds=4'], env));
    const runner = start(MAIN, [`--config=${grid}`, `--runs-dir=${runsDir}`, `--queue=${redis.url}`], env);
    try {
      // wait for a joint run to checkpoint an epoch, then kill the worker process whose run-one child holds it
      let victim: { run: string; worker: ChildProcess } | undefined;
      for (const deadline = Date.now() + 180_000; !victim && Date.now() < deadline; await sleep(50)) {
        for (const run of ['joint-s0', 'joint-transfer-s0']) {
          const lockFile = path.join(gridDirectory, run, '.lock');
          if (!existsSync(path.join(gridDirectory, run, 'checkpoint', 'state.json')) || !existsSync(lockFile)) continue;
          let holder: number;
          try {
            holder = (JSON.parse(readFileSync(lockFile, 'utf8')) as { pid: number }).pid;
          } catch {
            continue; // the lock being written
          }
          const parent = Number(/^\d+ \(.*\) \S+ (\d+)/s.exec(readFileSync(`/proc/${holder}/stat`, 'utf8'))?.[1]);
          const worker = workers.find((w) => w.pid === parent);
          if (worker && !existsSync(path.join(gridDirectory, run, 'complete.json'))) victim = { run, worker };
        }
      }
      expect(victim, `no joint run checkpointed under a worker:\n${workers.map((w) => w.output()).join('\n')}`).to.not.equal(undefined);
      victim!.worker.kill('SIGKILL');
      const code = await exited(runner);
      expect(code, runner.output()).to.equal(0);
      for (const id of runIds) expect(existsSync(path.join(gridDirectory, id, 'complete.json')), id).to.equal(true);
      const mark = JSON.parse(readFileSync(path.join(gridDirectory, victim!.run, 'complete.json'), 'utf8')) as { resumed: boolean };
      expect(mark.resumed, `${victim!.run} resumed from its checkpoint by the other worker`).to.equal(true);
      // each run completed once across both workers' logs
      const logs = workers.map((w) => w.output()).join('\n');
      for (const id of runIds) expect(logs.match(new RegExp(`queue-fixture/${id}: complete in`, 'g')) ?? [], id).to.have.length(1);
      // progress reported through the job (what the dashboard shows): the epoch and the last dev score
      const progress = spawnSync('redis-cli', ['-u', redis.url, 'hget', 'bull:xlnlu-grid-runs:queue-fixture/joint-s0', 'progress'], {
        encoding: 'utf8',
      });
      expect(JSON.parse(progress.stdout)).to.include.keys('epoch', 'epochs', 'dev');
      // the same grid by the local runner: the same figures
      const local = path.join(work, 'local');
      const localRun = spawnSync(process.execPath, ['--import', 'tsx', MAIN, `--config=${grid}`, `--runs-dir=${local}`, '--jobs=2'], {
        env,
        encoding: 'utf8',
      });
      expect(localRun.status, localRun.stderr).to.equal(0);
      expect(readFileSync(path.join(gridDirectory, 'results.csv'), 'utf8')).to.equal(
        readFileSync(path.join(local, 'queue-fixture', 'results.csv'), 'utf8'),
      );
    } finally {
      for (const child of [...workers, runner]) child.kill('SIGKILL');
      await redis.stop();
    }
  });

  it('a second runner enqueueing the same grid adds nothing; a changed config for a completed run is refused', async () => {
    const redis = await testRedis();
    try {
      const runsDir = path.join(work, 'queued'); // completed by the first case
      const again = spawnSync(
        process.execPath,
        ['--import', 'tsx', MAIN, `--config=${grid}`, `--runs-dir=${runsDir}`, `--queue=${redis.url}`],
        { env, encoding: 'utf8' },
      );
      expect(again.status, again.stderr).to.equal(0);
      expect(again.stdout).to.match(/0 runs on the queue .* \(3 already complete\)/);
      const changed = file('grid-changed.json', {
        ...JSON.parse(readFileSync(grid, 'utf8')),
        runs: [{ name: 'maxent', config: maxent, set: ['model.domain.epochs=6'], evaluate: ['en-US'] }],
      });
      const refused = spawnSync(
        process.execPath,
        ['--import', 'tsx', MAIN, `--config=${changed}`, `--runs-dir=${runsDir}`, `--queue=${redis.url}`],
        { env, encoding: 'utf8' },
      );
      expect(refused.status).to.equal(1);
      expect(refused.stderr).to.match(/was completed with a different config than the grid now asks for/);
    } finally {
      await redis.stop();
    }
  });

  it('connection errors are one clear line: Redis down, a wrong URL, refused credentials', async () => {
    const port = await freePort();
    const down = spawnSync(process.execPath, ['--import', 'tsx', WORKER, `--queue=redis://127.0.0.1:${port}`], { env, encoding: 'utf8' });
    expect(down.status).to.equal(1);
    expect(down.stderr).to.match(new RegExp(`cannot reach Redis at 127\\.0\\.0\\.1:${port}: connection refused`));
    const wrong = spawnSync(process.execPath, ['--import', 'tsx', WORKER, '--queue=http://localhost:6379'], { env, encoding: 'utf8' });
    expect(wrong.status).to.equal(1);
    expect(wrong.stderr).to.match(/--queue: expected redis:\/\/\[user:password@\]host:port\[\/db\], got "http:\/\/localhost:6379"/);
    const guarded = await startRedis(port, ['--requirepass', 'right']);
    try {
      const refused = spawnSync(process.execPath, ['--import', 'tsx', WORKER, `--queue=redis://:wrong@127.0.0.1:${port}`], {
        env,
        encoding: 'utf8',
      });
      expect(refused.status).to.equal(1);
      expect(refused.stderr).to.match(/refused the credentials of redis:\/\/:\*\*\*@127\.0\.0\.1/);
    } finally {
      await guarded.stop();
    }
  });

  it('a worker waits while Redis is down and takes runs again once it is back', async () => {
    const port = await freePort();
    let redis = await startRedis(port);
    const worker = start(WORKER, [`--queue=${redis.url}`], env);
    try {
      for (const deadline = Date.now() + 60_000; !worker.output().includes('worker: taking grid runs') && Date.now() < deadline;)
        await sleep(100);
      await redis.stop();
      for (const deadline = Date.now() + 30_000; !/reconnecting/.test(worker.output()) && Date.now() < deadline;) await sleep(100);
      expect(worker.output()).to.match(/Redis at 127\.0\.0\.1:\d+: .*; reconnecting/);
      expect(worker.exitCode).to.equal(null);
      redis = await startRedis(port);
      const maxentOnly = file('grid-maxent.json', {
        name: 'queue-restart',
        seeds: [0],
        runs: [{ name: 'maxent', config: maxent, evaluate: ['en-US'] }],
      });
      const runner = spawnSync(
        process.execPath,
        ['--import', 'tsx', MAIN, `--config=${maxentOnly}`, `--runs-dir=${path.join(work, 'restart')}`, `--queue=${redis.url}`],
        {
          env,
          encoding: 'utf8',
          timeout: 180_000,
        },
      );
      expect(runner.status, `${runner.stderr}\n${worker.output()}`).to.equal(0);
      expect(existsSync(path.join(work, 'restart', 'queue-restart', 'maxent-s0', 'complete.json'))).to.equal(true);
    } finally {
      worker.kill('SIGKILL');
      await redis.stop();
    }
  });
});
