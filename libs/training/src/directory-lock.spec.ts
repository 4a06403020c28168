import { expect } from 'chai';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DirectoryLock, LOCK_FILE, LockHeldError } from './directory-lock.js';

const MODULE = fileURLToPath(new URL('./directory-lock.ts', import.meta.url));
const holdScript = (directory: string) =>
  `import { DirectoryLock } from ${JSON.stringify(MODULE)}; DirectoryLock.acquire(${JSON.stringify(directory)}, 'spec holder'); console.log('held'); setInterval(() => {}, 1000);`;

/** A process that takes the lock and keeps it until killed. */
async function holder(directory: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', holdScript(directory)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`holder exited with ${code}`)));
  });
  return child;
}

describe('DirectoryLock', function () {
  this.timeout(30_000);
  const work = mkdtempSync(path.join(tmpdir(), 'xlnlu-lock-'));

  it('refuses a directory a live process holds, naming the holder, and takes it over once that process is killed', async () => {
    const directory = path.join(work, 'run-a');
    const child = await holder(directory);
    try {
      expect(() => DirectoryLock.acquire(directory, 'second')).to.throw(
        LockHeldError,
        new RegExp(`locked by process ${child.pid} on ${hostname()} \\(spec holder, since `),
      );
      expect(DirectoryLock.holder(directory)?.pid).to.equal(child.pid);
    } finally {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    expect(DirectoryLock.holder(directory), 'a killed holder is stale').to.equal(undefined);
    const lock = DirectoryLock.acquire(directory, 'after the kill');
    expect(JSON.parse(readFileSync(path.join(directory, LOCK_FILE), 'utf8')).pid).to.equal(process.pid);
    lock.release();
    expect(existsSync(path.join(directory, LOCK_FILE))).to.equal(false);
  });

  it('treats a recorded pid that now belongs to another process (another start time) as stale', () => {
    const directory = path.join(work, 'run-b');
    const lock = DirectoryLock.acquire(directory, 'first');
    lock.release();
    // this very process's pid, with a start time it never had: a dead holder whose pid was reused
    writeFileSync(
      path.join(directory, LOCK_FILE),
      JSON.stringify({ pid: process.pid, startTime: 1, host: hostname(), purpose: 'dead', acquiredAt: 'then' }),
    );
    expect(DirectoryLock.holder(directory)).to.equal(undefined);
    DirectoryLock.acquire(directory, 'taken over').release();
  });

  it('is re-entrant within a process and released by the last holder', () => {
    const directory = path.join(work, 'run-c');
    const outer = DirectoryLock.acquire(directory, 'outer');
    const inner = DirectoryLock.acquire(directory, 'inner');
    inner.release();
    expect(existsSync(path.join(directory, LOCK_FILE)), 'still held by the outer lock').to.equal(true);
    const other = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', holdScript(directory).replace('setInterval(() => {}, 1000);', '')],
      { encoding: 'utf8' },
    );
    expect(other.status).to.equal(1);
    expect(other.stderr).to.match(new RegExp(`locked by process ${process.pid}`));
    outer.release();
    expect(existsSync(path.join(directory, LOCK_FILE))).to.equal(false);
  });
});
