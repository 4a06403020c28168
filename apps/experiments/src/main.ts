/**
 * npx nx run experiments:run -- --config=experiments/grids/<grid>.json [--runs-dir=runs/grids]
 *   [--jobs=1] [--backend=auto|node-gpu|node|wasm|cpu] [--report-only] [--queue=redis://host:port [--dashboard-port=N]]
 *
 * With --queue the runs go to a Redis queue instead, for `experiments:worker` processes on any
 * number of machines sharing the runs directory (queue/); this process waits for them and reports.
 *
 * Runs a grid of experiments (runs × seeds; see README, "Grids") into <runs-dir>/<grid name>/:
 * one directory per run and seed, skipping complete runs and redoing unfinished ones, so an
 * interrupted grid resumes where it stopped. Then writes results.csv, results.md and report.html
 * there. Exits with 1 if a run failed.
 */
import path from 'node:path';
import { parseCommandLine, requireDataRoot, resolveDataRoot } from '@xlnlu/data';
import { includeFamilies, planGrid, readGridConfig, terminalLog, writeFileAtomic, type PlannedRun } from '@xlnlu/training';
import { runGrid } from './grid-runner.js';
import { startDashboard } from './queue/dashboard.js';
import { enqueueGrid, gridQueue, waitForGrid } from './queue/grid-queue.js';
import { checkRedis, parseRedisUrl } from './queue/redis-url.js';
import { collectCells, resultsCsv, resultsHtml, resultsMarkdown } from './report.js';
import { runDetails } from './run-details.js';

const { values } = parseCommandLine({
  usage: 'npx nx run experiments:run -- --config=experiments/grids/<grid>.json [options]',
  summary:
    'Runs a grid of experiments (runs × seeds) into <runs-dir>/<grid name>/, skipping complete runs and redoing unfinished ones, ' +
    'then writes results.csv, results.md and report.html there. Exits with 1 if a run failed.',
  options: {
    config: { type: 'string', help: 'the grid file (required)' },
    'runs-dir': { type: 'string', default: path.join('runs', 'grids'), help: 'where grid directories go' },
    jobs: { type: 'string', default: '1', help: 'runs at once (with several, XLNLU_THREADS=1 gives each one core)' },
    backend: { type: 'string', help: 'auto, node-gpu, node, wasm or cpu (default: $XLNLU_BACKEND, else the fastest that loads)' },
    'report-only': { type: 'boolean', default: false, help: 'write the results files from the runs there are, train nothing' },
    queue: {
      type: 'string',
      help: 'enqueue the runs on this Redis (redis://host:port) for experiments:worker processes, wait, then report',
    },
    'dashboard-port': { type: 'string', help: 'with --queue: serve the queue’s dashboard (bull-board) on this port while waiting' },
  },
});

async function main(): Promise<number> {
  if (!values.config) throw new Error('--config=<grid file> is required (e.g. experiments/grids/quick.json)');
  const jobs = Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) throw new Error(`--jobs must be a positive integer, got ${JSON.stringify(values.jobs)}`);
  await includeFamilies();
  const grid = readGridConfig(values.config);
  const gridDirectory = path.join(values['runs-dir']!, grid.name);
  const plan = planGrid(grid, gridDirectory);
  const log = terminalLog();
  log(`grid ${grid.name}: ${grid.runs.length} runs × their seeds (${grid.seeds.join(', ')}) = ${plan.length} runs in ${gridDirectory}`);
  let failures = 0;
  if (!values['report-only']) {
    requireDataRoot(resolveDataRoot());
    failures = values.queue
      ? await runThroughQueue(values.queue, grid.name, gridDirectory, plan, log)
      : await runLocally(grid.name, gridDirectory, plan, jobs, log);
  }
  const cells = collectCells(grid, plan, gridDirectory);
  const outputs = {
    'results.csv': resultsCsv(grid, cells),
    'results.md': resultsMarkdown(grid, cells),
    'report.html': resultsHtml(grid, cells, runDetails(grid, plan, gridDirectory)),
  };
  for (const [file, content] of Object.entries(outputs)) writeFileAtomic(path.join(gridDirectory, file), content);
  log(
    `wrote ${Object.keys(outputs)
      .map((file) => path.join(gridDirectory, file))
      .join(', ')}`,
  );
  return failures > 0 ? 1 : 0;
}

async function runLocally(
  name: string,
  gridDirectory: string,
  plan: PlannedRun[],
  jobs: number,
  log: (line: string) => void,
): Promise<number> {
  const result = await runGrid(plan, { gridDirectory, jobs, backend: values.backend, log });
  log(
    `grid ${name}: ${result.completed.length} run, ${result.skipped.length} already complete, ${result.failed.length} failed, ${result.blocked.length} not run`,
  );
  return result.failed.length + result.blocked.length;
}

/** Enqueues the runs (each once, whoever else enqueues the grid), serves the dashboard if asked, and waits for the workers. */
async function runThroughQueue(
  url: string,
  name: string,
  gridDirectory: string,
  plan: PlannedRun[],
  log: (line: string) => void,
): Promise<number> {
  const target = parseRedisUrl(url);
  await checkRedis(target);
  const queue = gridQueue(target);
  const dashboard = values['dashboard-port'] ? await startDashboard(target, Number(values['dashboard-port'])) : undefined;
  try {
    // absolute: a worker on another machine reads the same path (a shared mount)
    const { enqueued, complete } = await enqueueGrid(queue, name, path.resolve(gridDirectory), plan, values.backend);
    log(
      `grid ${name}: ${enqueued.length} runs on the queue at ${target.where} (${complete.length} already complete); ` +
        `workers: npx nx run experiments:worker -- --queue=${target.shown}${dashboard ? `; dashboard on ${dashboard.address}/` : ''}`,
    );
    const failed = await waitForGrid(queue, name, enqueued, log);
    for (const { id, reason } of failed) log(`${id}: FAILED (${reason})`);
    return failed.length;
  } finally {
    await queue.close();
    await dashboard?.app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
