import { Queue, type Job } from 'bullmq';
import { formatDuration, timeLeft, type PlannedRun } from '@xlnlu/training';
import { completedRun } from '../run-state.js';
import type { RedisTarget } from './redis-url.js';

/** One queue for every grid: a job names its grid. */
export const QUEUE_NAME = 'xlnlu-grid-runs';

/** What a worker needs to train and evaluate a run: the grid directory is a path every worker shares. */
export interface GridJob {
  grid: string;
  gridDirectory: string;
  planned: PlannedRun;
  backend?: string;
}

/** Job ids from grid and run (the run id holds the seed): two runners enqueueing a grid add each run once. */
export const jobIdOf = (grid: string, runId: string) => `${grid}/${runId}`;

export function gridQueue(target: RedisTarget): Queue<GridJob> {
  return new Queue<GridJob>(QUEUE_NAME, { connection: target.options });
}

/**
 * Enqueues a planned grid's runs that are not complete (a completed run whose config changed is
 * refused, as the local runner refuses it), in plan order, so that runs others transfer from come
 * first. A run failing for its own reason fails once (no retries); a job whose worker died goes
 * back to the queue (BullMQ's stalled-job check) and resumes from the run's checkpoint.
 */
export async function enqueueGrid(
  queue: Queue<GridJob>,
  grid: string,
  gridDirectory: string,
  plan: readonly PlannedRun[],
  backend?: string,
): Promise<{ enqueued: string[]; complete: string[] }> {
  const enqueued: string[] = [];
  const complete: string[] = [];
  for (const planned of plan) {
    if (completedRun(gridDirectory, planned)) {
      complete.push(planned.id);
      continue;
    }
    const jobId = jobIdOf(grid, planned.id);
    const existing = await queue.getJob(jobId);
    // a job that failed or completed before (its run since removed) is enqueued anew
    if (existing && ['failed', 'completed'].includes(await existing.getState())) await existing.remove();
    await queue.add(
      planned.id,
      { grid, gridDirectory, planned, ...(backend ? { backend } : {}) },
      { jobId, attempts: 1, removeOnComplete: false, removeOnFail: false },
    );
    enqueued.push(planned.id);
  }
  return { enqueued, complete };
}

/** Waits until each of the grid's runs has completed or failed, logging each change with an ETA; returns the failures. */
export async function waitForGrid(
  queue: Queue<GridJob>,
  grid: string,
  runIds: readonly string[],
  log: (line: string) => void,
  pollMs = 2_000,
): Promise<{ id: string; reason: string }[]> {
  const started = performance.now();
  let last = '';
  for (;;) {
    const jobs = await Promise.all(runIds.map((id) => queue.getJob(jobIdOf(grid, id))));
    const states = await Promise.all(jobs.map((job) => job?.getState() ?? 'missing'));
    const count = (state: string) => states.filter((s) => s === state).length;
    const finished = count('completed') + count('failed');
    const estimate = timeLeft(finished, runIds.length, performance.now() - started);
    const line =
      `queue: ${count('completed')} of ${runIds.length} runs done, ${count('failed')} failed, ${count('active')} running, ` +
      `${count('waiting') + count('delayed') + count('prioritized')} waiting`;
    if (line !== last)
      log(
        `${line}; elapsed ${formatDuration(performance.now() - started)}${estimate === undefined ? '' : `, about ${formatDuration(estimate)} left`}`,
      );
    last = line;
    if (states.includes('missing'))
      throw new Error(`grid ${grid}: a job vanished from the queue (removed by hand?); enqueue the grid again`);
    if (finished === runIds.length)
      return jobs.flatMap((job, i) => (states[i] === 'failed' ? [{ id: runIds[i]!, reason: (job as Job).failedReason }] : []));
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
