import { fork } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { DirectoryLock, formatDuration, writeJsonAtomic, type PlannedRun } from '@xlnlu/training';
import { GridTimeLeft } from './grid-time-left.js';
import { prepareRun } from './run-state.js';

const WORKER = fileURLToPath(new URL('./run-one.ts', import.meta.url));

export interface GridRunOptions {
  gridDirectory: string;
  /** Runs at once, each in its own process (runs that depend on each other wait). */
  jobs: number;
  backend?: string;
  log: (line: string) => void;
}

export interface GridRunResult {
  skipped: string[];
  completed: string[];
  failed: { id: string; reason: string }[];
  /** Not started because a run they transfer from failed. */
  blocked: string[];
}

/**
 * Runs a planned grid: runs already complete are skipped, unfinished ones resumed from their last
 * epoch checkpoint (or cleaned and redone where there is none), the
 * rest trained and evaluated by worker processes, at most `jobs` at a time, each after the runs it
 * transfers from. A run's output goes to `<grid>/logs/<id>.log`; its resolved config to
 * `<grid>/configs/<id>.json`. A failed run does not stop the others.
 */
export async function runGrid(plan: readonly PlannedRun[], options: GridRunOptions): Promise<GridRunResult> {
  // one runner per grid directory: a second would delete the first's runs in flight and redo its work
  const lock = DirectoryLock.acquire(options.gridDirectory, 'grid runner');
  try {
    return await runLocked(plan, options);
  } finally {
    lock.release();
  }
}

async function runLocked(plan: readonly PlannedRun[], options: GridRunOptions): Promise<GridRunResult> {
  const { gridDirectory, log } = options;
  const result: GridRunResult = { skipped: [], completed: [], failed: [], blocked: [] };
  const done = new Set<string>();
  const pending: PlannedRun[] = [];
  const resumable = new Set<string>();
  const eta = new GridTimeLeft();
  for (const planned of plan) {
    const state = prepareRun(gridDirectory, planned);
    if (state === 'complete') {
      result.skipped.push(planned.id);
      done.add(planned.id);
      eta.addFinished(gridDirectory, planned);
    } else {
      if (state === 'unfinished') log(`${planned.id}: unfinished directory from an interrupted run removed; it starts again`);
      if (state === 'resumable') {
        log(`${planned.id}: interrupted run goes on from its last epoch checkpoint`);
        resumable.add(planned.id);
      }
      pending.push(planned);
    }
  }
  if (result.skipped.length > 0) log(`${result.skipped.length} of ${plan.length} runs already complete, skipped`);
  const failed = new Set<string>();
  const running = new Map<string, Promise<void>>();
  let started = 0;
  const runnerStarted = performance.now();
  /** When each running run began (performance.now()). */
  const begunAt = new Map<string, number>();
  /** Runs done / failed / left and the time left from the finished runs' durations (grid-time-left.ts). */
  const progress = () => {
    const left = pending.length;
    const now = performance.now();
    const runningFor = new Map([...begunAt].map(([id, begun]) => [id, (now - begun) / 1000]));
    const seconds = eta.estimate(pending, options.jobs, runningFor);
    const estimate = seconds === undefined ? undefined : seconds * 1000;
    return (
      `grid: ${result.completed.length + result.skipped.length} of ${plan.length} done, ${result.failed.length} failed, ${left} left; ` +
      `elapsed ${formatDuration(performance.now() - runnerStarted)}${estimate === undefined ? '' : `, about ${formatDuration(estimate)} left`}`
    );
  };
  const startable = () => pending.filter((p) => !running.has(p.id) && p.after.every((id) => done.has(id)));
  while (pending.length > 0 || running.size > 0) {
    for (const planned of pending.filter((p) => p.after.some((id) => failed.has(id)))) {
      pending.splice(pending.indexOf(planned), 1);
      result.blocked.push(planned.id);
      failed.add(planned.id);
      log(`${planned.id}: not run, its transfer source failed`);
    }
    for (const planned of startable().slice(0, Math.max(0, options.jobs - running.size))) {
      // planned at start-up: look again, the run may have been completed or cut since
      const state = prepareRun(gridDirectory, planned);
      if (state === 'complete') {
        pending.splice(pending.indexOf(planned), 1);
        done.add(planned.id);
        result.skipped.push(planned.id);
        log(`${planned.id}: completed meanwhile, skipped`);
        continue;
      }
      if (state === 'resumable') resumable.add(planned.id);
      else resumable.delete(planned.id);
      started++;
      log(
        `[${started + result.skipped.length}/${plan.length}] ${planned.id}: training (${planned.config.model.type}, ${planned.config.data.trainLocales.join('+')}), then evaluating on ${planned.evaluate.join(', ')}`,
      );
      const begun = performance.now();
      begunAt.set(planned.id, begun);
      running.set(
        planned.id,
        runWorker(planned, options, resumable.has(planned.id))
          .then(
            () => {
              done.add(planned.id);
              result.completed.push(planned.id);
              eta.add(planned.run, (performance.now() - begun) / 1000);
              log(`${planned.id}: complete in ${((performance.now() - begun) / 1000).toFixed(0)} s`);
            },
            (error: unknown) => {
              failed.add(planned.id);
              result.failed.push({ id: planned.id, reason: (error as Error).message });
              log(`${planned.id}: FAILED (${(error as Error).message})`);
            },
          )
          .finally(() => {
            running.delete(planned.id);
            begunAt.delete(planned.id);
            const index = pending.indexOf(planned);
            if (index >= 0) pending.splice(index, 1);
            log(progress());
          }),
      );
    }
    if (running.size > 0) await Promise.race(running.values());
    else if (pending.length > 0 && startable().length === 0) break;
  }
  result.blocked.push(...pending.map((p) => p.id));
  return result;
}

/**
 * Trains and evaluates one planned run in a worker process (run-one.ts), its output into
 * `<grid>/logs/<id>.log` and, line by line, to `onLine` (the queue worker's progress).
 */
export function runWorker(
  planned: PlannedRun,
  options: Pick<GridRunOptions, 'gridDirectory' | 'backend'>,
  resume: boolean,
  onLine?: (line: string) => void,
): Promise<void> {
  for (const sub of ['configs', 'logs']) mkdirSync(path.join(options.gridDirectory, sub), { recursive: true });
  const configFile = path.join(options.gridDirectory, 'configs', `${planned.id}.json`);
  writeJsonAtomic(configFile, planned.config);
  const logFile = path.join(options.gridDirectory, 'logs', `${planned.id}.log`);
  // a resumed run's log goes on after the interrupted part
  const output = createWriteStream(logFile, { flags: resume ? 'a' : 'w' });
  const args = [
    `--config=${configFile}`,
    `--runs-dir=${options.gridDirectory}`,
    `--evaluate=${planned.evaluate.join(',')}`,
    `--partition=${planned.partition}`,
    ...(options.backend ? [`--backend=${options.backend}`] : []),
    ...(resume ? ['--resume'] : []),
  ];
  const worker = fork(WORKER, args, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  worker.stdout!.pipe(output, { end: false });
  worker.stderr!.pipe(output, { end: false });
  if (onLine) createInterface({ input: worker.stdout! }).on('line', onLine);
  return new Promise((resolve, reject) => {
    worker.on('error', reject);
    worker.on('exit', (code, signal) => {
      output.end();
      if (code === 0) resolve();
      else reject(new Error(`worker exited with ${signal ?? `code ${code}`}; see ${logFile}`));
    });
  });
}
