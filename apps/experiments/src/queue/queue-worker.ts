import { existsSync } from 'node:fs';
import path from 'node:path';
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import { runWorker } from '../grid-runner.js';
import { COMPLETE_FILE, prepareRun } from '../run-state.js';
import { gridQueue, jobIdOf, QUEUE_NAME, type GridJob } from './grid-queue.js';
import type { RedisTarget } from './redis-url.js';

export interface QueueWorkerOptions {
  target: RedisTarget;
  /** Runs at once in this worker, each in its own process. */
  concurrency: number;
  /** A backend for every run (default: the job's, else the machine's fastest). */
  backend?: string;
  log: (line: string) => void;
  /** How long a job stays this worker's without a renewal: a worker lost longer gives its job back (BullMQ's stalled check). */
  lockDurationMs?: number;
}

/** Progress a run reports through its job: the epoch it is at and its last dev score. */
export interface RunProgress {
  epoch?: number;
  epochs?: number;
  dev?: string;
}

/** Reads run-one's output lines into progress ("epoch 3/20 …", "epoch 3: dev intent …; …"). */
export function progressOf(line: string, progress: RunProgress): boolean {
  const step = /epoch (\d+)\/(\d+)/.exec(line);
  if (step) {
    [progress.epoch, progress.epochs] = [Number(step[1]), Number(step[2])];
    return true;
  }
  const scored = /epoch (\d+): (dev [^;]*)/.exec(line);
  if (scored) {
    progress.dev = scored[2];
    return true;
  }
  return false;
}

/**
 * Takes grid jobs from the queue and trains and evaluates each run into the shared grid directory,
 * exactly as the local runner does (run-one.ts in a process of its own; an interrupted run goes on
 * from its checkpoint). A run that transfers from another waits for it (the job is put back for a
 * few seconds while the source runs); a run whose source failed, or that fails itself, fails once
 * with its error kept. Redis going away is survived: the client reconnects and the work goes on.
 */
export function startQueueWorker(options: QueueWorkerOptions): { worker: Worker<GridJob>; close: (force?: boolean) => Promise<void> } {
  const { target, log } = options;
  const queue = gridQueue(target);
  const processJob = async (job: Job<GridJob>, token?: string) => {
    const { grid, gridDirectory, planned } = job.data;
    for (const source of planned.after) {
      if (existsSync(path.join(gridDirectory, source, COMPLETE_FILE))) continue;
      if ((await queue.getJobState(jobIdOf(grid, source))) === 'failed')
        throw new UnrecoverableError(`not run: its transfer source ${source} failed`);
      await job.moveToDelayed(Date.now() + 3_000, token);
      throw new DelayedError();
    }
    let state;
    try {
      state = prepareRun(gridDirectory, planned);
    } catch (error) {
      throw new UnrecoverableError((error as Error).message);
    }
    if (state === 'complete') return { skipped: true };
    log(
      `${job.id}: ${state === 'resumable' ? 'resuming from its checkpoint' : 'training'} (${planned.config.model.type}), then evaluating on ${planned.evaluate.join(', ')}`,
    );
    const started = performance.now();
    const progress: RunProgress = {};
    let reported = 0;
    try {
      await runWorker(planned, { gridDirectory, backend: options.backend ?? job.data.backend }, state === 'resumable', (line) => {
        if (progressOf(line, progress) && performance.now() - reported > 1_000) {
          reported = performance.now();
          void job.updateProgress({ ...progress }).catch(() => undefined); // Redis away for a moment: the next line reports again
        }
      });
    } catch (error) {
      throw new UnrecoverableError((error as Error).message);
    }
    await job.updateProgress({ ...progress }); // the last epoch and dev score, whatever the throttle held back
    log(`${job.id}: complete in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    return { resumed: state === 'resumable', seconds: (performance.now() - started) / 1000 };
  };
  const worker = new Worker<GridJob>(QUEUE_NAME, processJob, {
    connection: target.options,
    concurrency: options.concurrency,
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: Math.max(1_000, (options.lockDurationMs ?? 30_000) / 2),
    // a job whose workers keep dying is failed after this many restarts rather than tried for ever
    maxStalledCount: 5,
  });
  let connected = true;
  worker.on('error', (error) => {
    if (connected) log(`Redis at ${target.where}: ${error.message}; reconnecting`);
    connected = false;
  });
  worker.on('ready', () => {
    if (!connected) log(`Redis at ${target.where}: connected again`);
    connected = true;
  });
  worker.on('failed', (job, error) => log(`${job?.id}: FAILED (${error.message})`));
  // force: do not wait for the runs under way; their jobs stall and another worker resumes them from their checkpoints
  return { worker, close: async (force = false) => (await worker.close(force), await queue.close()) };
}
