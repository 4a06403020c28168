import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { RunDirectory, whyNotResumable, type PlannedRun } from '@xlnlu/training';

/** Written last, atomically, by the worker: a run directory without it is unfinished. */
export const COMPLETE_FILE = 'complete.json';

export type RunState = 'complete' | 'resumable' | 'unfinished' | 'new';

/**
 * Whether a planned run is already done. A directory without the completion mark (an interrupted
 * run) goes on from its last epoch checkpoint when it has one under the same config, and is
 * otherwise removed so the run starts clean; a completed run whose config differs from the plan is
 * an error rather than a silent redo.
 */
export function prepareRun(gridDirectory: string, planned: PlannedRun): RunState {
  const directory = path.join(gridDirectory, planned.id);
  const mark = path.join(directory, COMPLETE_FILE);
  if (existsSync(mark)) {
    const done = JSON.parse(readFileSync(mark, 'utf8')) as { config: unknown };
    if (!isDeepStrictEqual(done.config, planned.config)) {
      throw new Error(`${directory} was completed with a different config than the grid now asks for; remove the directory to run it again`);
    }
    return 'complete';
  }
  if (existsSync(directory)) {
    if (whyNotResumable(new RunDirectory(directory), planned.config) === undefined) return 'resumable';
    rmSync(directory, { recursive: true, force: true });
    return 'unfinished';
  }
  return 'new';
}
