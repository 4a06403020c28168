import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { DirectoryLock, readJsonFile, RunDirectory, sameExperiment, whyNotResumable, type PlannedRun } from '@xlnlu/training';

/** Written last, atomically, by the worker: a run directory without it is unfinished. */
export const COMPLETE_FILE = 'complete.json';

export type RunState = 'complete' | 'resumable' | 'unfinished' | 'new';

/** How long a run directory's lock may stay held before the runner gives up: a worker of a killed runner exits within a second (run-one.ts). */
const HELD_LOCK_PATIENCE_MS = 3_000;

/** Waits a little for a run directory's lock to be free; a holder that stays is an error naming it. */
function waitForUnlocked(directory: string): void {
  const deadline = Date.now() + HELD_LOCK_PATIENCE_MS;
  for (let holder = DirectoryLock.holder(directory); holder; holder = DirectoryLock.holder(directory)) {
    if (Date.now() > deadline) {
      throw new Error(
        `${directory} is being written by process ${holder.pid} (${holder.purpose}, since ${holder.acquiredAt}); the grid cannot take it over while that process runs`,
      );
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
  }
}

/** Whether an interrupted run can go on; a directory whose config.json is unreadable cannot, and is redone. */
function resumable(directory: string, planned: PlannedRun): boolean {
  try {
    return whyNotResumable(new RunDirectory(directory), planned.config) === undefined;
  } catch {
    return false;
  }
}

/**
 * Whether a planned run is already done. A directory without the completion mark (an interrupted
 * run) goes on from its last epoch checkpoint when it has one under the same config, and is
 * otherwise removed so the run starts clean; a completed run whose config differs from the plan is
 * an error rather than a silent redo. A directory another process is still writing is never
 * touched: its lock must be released first.
 */
export function prepareRun(gridDirectory: string, planned: PlannedRun): RunState {
  if (completedRun(gridDirectory, planned)) return 'complete';
  const directory = path.join(gridDirectory, planned.id);
  if (existsSync(directory)) {
    waitForUnlocked(directory);
    if (resumable(directory, planned)) return 'resumable';
    rmSync(directory, { recursive: true, force: true });
    return 'unfinished';
  }
  return 'new';
}

/**
 * Whether a planned run carries its completion mark, touching nothing (what a queue's enqueuer
 * may ask while workers write): a mark of a different config is the error prepareRun gives.
 */
export function completedRun(gridDirectory: string, planned: PlannedRun): boolean {
  const directory = path.join(gridDirectory, planned.id);
  const mark = path.join(directory, COMPLETE_FILE);
  if (!existsSync(mark)) return false;
  const done = readJsonFile(mark, 'completion mark') as { config?: unknown } | null;
  if (typeof done !== 'object' || done === null || !('config' in done))
    throw new Error(`${mark}: expected the completed run's {config, …}; remove the run directory to run it again`);
  if (!sameExperiment(done.config, planned.config, mark)) {
    throw new Error(
      `${directory} was completed with a different config than the grid now asks for (a key added since, left at its default, does not count); remove the directory to run it again`,
    );
  }
  return true;
}
