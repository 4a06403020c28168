import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { processStat } from './process-table.js';

/** Who holds a lock: enough to tell a live holder from a dead one whose pid was reused. */
export interface LockHolder {
  pid: number;
  /** The holder's start time (clock ticks after boot, from /proc), null where /proc is missing. */
  startTime: number | null;
  host: string;
  purpose: string;
  acquiredAt: string;
}

export const LOCK_FILE = '.lock';

/** A directory another live process holds. */
export class LockHeldError extends Error {
  constructor(
    readonly directory: string,
    readonly holder: LockHolder,
  ) {
    super(
      `${directory} is locked by process ${holder.pid} on ${holder.host} (${holder.purpose}, since ${holder.acquiredAt}); wait for it to finish or stop it`,
    );
  }
}

/** A process's start time from /proc/<pid>/stat (field 22), undefined when it is gone or a zombie. */
function startTimeOf(pid: number): number | null | undefined {
  const stat = processStat(pid);
  // no /proc at all (not Linux): fall back to asking the kernel whether the pid exists
  if (stat === null) return pidExists(pid) ? null : undefined;
  return stat?.startTime;
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the process that wrote `holder` still runs (same pid and the same start time). */
export function holderAlive(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true; // another machine's process: cannot tell, assume alive
  const startTime = startTimeOf(holder.pid);
  if (startTime === undefined) return false;
  return holder.startTime === null || startTime === null || startTime === holder.startTime;
}

/** Locks this process holds, counted, so that a worker that locked a run can call trainRun on it. */
const held = new Map<string, { count: number; content: string }>();

/**
 * An exclusive lock on a directory (a run or a grid), held by a process: `<directory>/.lock` holds
 * the pid and the process's start time. A lock whose process is gone (killed, crashed) is stale and
 * is taken over; a live holder's lock is refused with a message naming it. Written by hand rather
 * than with proper-lockfile: its locks go stale unless refreshed by a timer, and the epoch loop keeps
 * the event loop busy for whole epochs (see runEpochs in epoch-loop.ts), so a live trainer's lock
 * would look stale. Re-entrant within one process.
 */
export class DirectoryLock {
  private released = false;

  private constructor(readonly file: string) {}

  static acquire(directory: string, purpose: string): DirectoryLock {
    try {
      return DirectoryLock.take(directory, purpose);
    } catch (error) {
      if (error instanceof LockHeldError) throw error;
      throw new Error(`cannot lock ${directory}: ${(error as Error).message}`);
    }
  }

  private static take(directory: string, purpose: string): DirectoryLock {
    mkdirSync(directory, { recursive: true });
    const file = path.join(directory, LOCK_FILE);
    const mine = held.get(file);
    if (mine) {
      mine.count++;
      return new DirectoryLock(file);
    }
    const holder: LockHolder = {
      pid: process.pid,
      startTime: startTimeOf(process.pid) ?? null,
      host: hostname(),
      purpose,
      acquiredAt: new Date().toISOString(),
    };
    const content = `${JSON.stringify(holder)}\n`;
    // the lock file appears whole or not at all: written aside, then linked (link fails if it exists)
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, content);
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          linkSync(temporary, file);
          held.set(file, { count: 1, content });
          return new DirectoryLock(file);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 5) throw error;
        }
        const current = readHolder(file);
        if (current === undefined) continue; // released meanwhile
        if (current.holder && holderAlive(current.holder)) throw new LockHeldError(directory, current.holder);
        removeStale(file, current.content);
      }
    } finally {
      unlinkSync(temporary);
    }
  }

  /** The live holder of a directory's lock, if any. */
  static holder(directory: string): LockHolder | undefined {
    const current = readHolder(path.join(directory, LOCK_FILE));
    return current?.holder && holderAlive(current.holder) ? current.holder : undefined;
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    const mine = held.get(this.file);
    if (!mine || --mine.count > 0) return;
    held.delete(this.file);
    const current = readHolder(this.file);
    if (current?.content === mine.content) unlinkSync(this.file);
  }
}

/** The lock file's content and holder; holder undefined when the content is not a lock (torn or foreign). */
function readHolder(file: string): { content: string; holder: LockHolder | undefined } | undefined {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read the lock file ${file}: ${(error as Error).message}`);
  }
  try {
    const holder = JSON.parse(content) as LockHolder;
    return { content, holder: Number.isInteger(holder.pid) && typeof holder.host === 'string' ? holder : undefined };
  } catch {
    return { content, holder: undefined };
  }
}

/**
 * Removes a stale lock file, unless another process replaced it meanwhile: the file is moved aside
 * first (one mover wins), and put back if what was moved is not the stale lock that was read.
 */
function removeStale(file: string, staleContent: string): void {
  const aside = `${file}.stale.${process.pid}`;
  try {
    renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (readFileSync(aside, 'utf8') === staleContent) {
    unlinkSync(aside);
    return;
  }
  try {
    linkSync(aside, file);
  } finally {
    unlinkSync(aside);
  }
}
