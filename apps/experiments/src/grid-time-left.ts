import { existsSync } from 'node:fs';
import path from 'node:path';
import { readJsonFile, type PlannedRun } from '@xlnlu/training';
import { COMPLETE_FILE } from './run-state.js';

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/**
 * The time a grid has left, from how long its finished runs took (their `complete.json`, from any
 * earlier start too): each run still to do is expected to take its entry's median so far (its other
 * seeds), else the median of every finished run, and `jobs` of them run at once. An estimate at the
 * pace of this start alone misleads where runs differ by tens of times (Study 3: a max-ent run on 100
 * utterances takes seconds, a transfer on all of en-US + X minutes) and the order puts the slow ones
 * first or last. But earlier starts may have shared the machine with other grids, or been paused:
 * once this start has finished a few runs whose entries had finished before, the estimate is scaled
 * by how long those took against what was expected of them (the median ratio), the machine's pace now.
 */
export class GridTimeLeft {
  private readonly seconds = new Map<string, number[]>();
  /** This start's runs: seconds taken / seconds their entry's earlier runs led to expect. */
  private readonly paceRatios: number[] = [];

  /** Runs of this start that must finish, against an expectation, before their pace scales the estimate. */
  static readonly PACE_AFTER = 3;

  /** Records a run of the grid entry `run` this start has finished. */
  add(run: string, seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) return;
    const own = this.seconds.get(run);
    if (own && seconds > 0) this.paceRatios.push(seconds / median(own));
    this.record(run, seconds);
  }

  /** Records a run finished by an earlier start, from its completion mark (a mark without seconds is left out). */
  addFinished(gridDirectory: string, planned: PlannedRun): void {
    const mark = path.join(gridDirectory, planned.id, COMPLETE_FILE);
    if (!existsSync(mark)) return;
    const { seconds } = readJsonFile(mark, 'completion mark') as { seconds?: unknown };
    if (typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0) this.record(planned.run, seconds);
  }

  private record(run: string, seconds: number): void {
    const list = this.seconds.get(run) ?? [];
    list.push(seconds);
    this.seconds.set(run, list);
  }

  /** How much longer (> 1) or shorter runs take now than their entries' earlier runs; 1 until PACE_AFTER of them finished. */
  pace(): number {
    return this.paceRatios.length >= GridTimeLeft.PACE_AFTER ? median(this.paceRatios) : 1;
  }

  /** Expected seconds of one run of the entry; undefined before any run has finished. */
  expected(run: string): number | undefined {
    const own = this.seconds.get(run);
    if (own) return median(own);
    const all = [...this.seconds.values()].flat();
    return all.length > 0 ? median(all) : undefined;
  }

  /**
   * Seconds until the runs left are done at this start's pace, `jobs` at a time: those running count
   * what they are expected to have left (`running`: seconds each has run so far). Undefined before
   * any run finished.
   */
  estimate(left: readonly PlannedRun[], jobs: number, running: ReadonlyMap<string, number> = new Map()): number | undefined {
    const pace = this.pace();
    let total = 0;
    for (const planned of left) {
      const expected = this.expected(planned.run);
      if (expected === undefined) return undefined;
      total += Math.max(0, expected * pace - (running.get(planned.id) ?? 0));
    }
    return total / Math.max(1, Math.min(jobs, left.length));
  }
}
