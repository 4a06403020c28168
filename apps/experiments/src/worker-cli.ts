/**
 * npx nx run experiments:worker -- --queue=redis://host:6379 [--concurrency=1] [--backend=B] [--dashboard-port=N]
 *
 * A grid worker on one machine: takes runs from the queue that `experiments:run --queue` fills and
 * trains and evaluates them into the grid directory named in each job (a path every worker must
 * share, e.g. an NFS mount). Stops at once on SIGINT or SIGTERM: its runs under way go back to the queue and
 * resume from their checkpoints on another worker.
 */
import { parseCommandLine } from '@xlnlu/data';
import { terminalLog } from '@xlnlu/training';
import { startDashboard } from './queue/dashboard.js';
import { startQueueWorker } from './queue/queue-worker.js';
import { checkRedis, parseRedisUrl } from './queue/redis-url.js';

const { values } = parseCommandLine({
  usage: 'npx nx run experiments:worker -- --queue=redis://host:6379 [--concurrency=1] [options]',
  summary:
    'Takes grid runs from a Redis queue (filled by experiments:run --queue) and trains and evaluates them into the grid directory each ' +
    'job names, which every worker must share. A run of a worker that dies is picked up by another and resumed from its checkpoint.',
  options: {
    queue: { type: 'string', help: 'the Redis server, redis://[user:password@]host:port[/db] (required)' },
    concurrency: { type: 'string', default: '1', help: 'runs at once on this machine (with several, XLNLU_THREADS=1 gives each one core)' },
    backend: {
      type: 'string',
      help: 'auto, node-gpu, node, wasm or cpu for every run (default: the runner’s, else the fastest that loads)',
    },
    'dashboard-port': { type: 'string', help: 'also serve the queue’s dashboard (bull-board) on this port' },
    'lock-seconds': { type: 'string', default: '30', help: 'a run is handed to another worker when this one is silent this long' },
  },
});

if (!values.queue) throw new Error('--queue=redis://host:port is required');
const concurrency = Number(values.concurrency);
if (!Number.isInteger(concurrency) || concurrency < 1)
  throw new Error(`--concurrency must be a positive integer, got ${values.concurrency}`);
const target = parseRedisUrl(values.queue);
await checkRedis(target);
const log = terminalLog();
const { close } = startQueueWorker({
  target,
  concurrency,
  backend: values.backend,
  log,
  lockDurationMs: Number(values['lock-seconds']) * 1_000,
});
log(`worker: taking grid runs from ${target.where}, ${concurrency} at a time`);
const dashboard = values['dashboard-port'] ? await startDashboard(target, Number(values['dashboard-port'])) : undefined;
if (dashboard) log(`dashboard on ${dashboard.address}/`);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    // the runs under way stop with this process (run-one's watchdog); their jobs go back to the queue
    // once their locks lapse (--lock-seconds) and resume from their checkpoints on another worker
    log(`${signal}: handing runs back and stopping`);
    void Promise.all([close(true), dashboard?.app.close()]).then(() => process.exit(0));
  });
