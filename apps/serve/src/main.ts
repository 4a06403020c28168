/**
 * npx nx run serve:serve -- [--model=runs/joint-bilstm-crf-en-US] [--model=<another run> …]
 *   [--port=8080] [--host=127.0.0.1] [--body-limit=16384] [--max-text-length=1000] [--max-batch-size=64]
 *   [--batch-body-limit=262144] [--backend=B]
 *   [--parse-threads=1] [--parse-queue=64] [--parse-cpu-share=0.5] [--inline-text-length=128] [--headers-timeout-ms=5000]
 *   [--request-timeout-ms=10000] [--max-connections=1024] [--log-level=info]
 *
 * Serves trained models over HTTP (POST /parse, POST /parse/batch, GET /health, GET /models,
 * GET /metrics, GET /openapi.json; see README, "Serving"). Texts are parsed in worker threads: one for texts up to --inline-text-length
 * characters, N (--parse-threads) at low priority for longer ones; --parse-threads=0 parses
 * everything on the event loop. SIGINT, SIGTERM or SIGHUP closes it gracefully (in-flight requests
 * finish, then it exits), and so does the exit of the Node processes that launched it (npx, nx,
 * tsx; launcher-watch.ts), since npx does not pass SIGTERM on.
 */
import { selectBackend } from '@xlnlu/compute';
import { parseCommandLine } from '@xlnlu/data';
import { DEFAULT_MODEL, NluService, type Parser } from './nlu-service.js';
import { DEFAULT_PARSE_CPU_SHARE, ParsePool } from './parse-pool.js';
import { buildServer, DEFAULT_SERVER_OPTIONS } from './server.js';
import { watchLaunchers } from './launcher-watch.js';
import { includeFamilies } from '@xlnlu/training';

const defaults = DEFAULT_SERVER_OPTIONS;
const { values } = parseCommandLine({
  usage: 'npx nx run serve:serve -- [--model=runs/<name> …] [--port=8080] [options]',
  summary:
    'Serves trained models over HTTP (POST /parse, POST /parse/batch, GET /health, /models, /metrics, /openapi.json; README, "Serving"). ' +
    'SIGINT, SIGTERM or SIGHUP closes it ' +
    'gracefully: in-flight requests finish, then it exits; so does the exit of whatever launched it (npx, nx, tsx), however stopped.',
  options: {
    model: { type: 'string', multiple: true, default: [DEFAULT_MODEL], help: 'a trained run to serve (repeat for several)' },
    port: { type: 'string', default: '8080', help: 'TCP port (0: any free one)' },
    host: { type: 'string', default: '127.0.0.1', help: 'interface to listen on' },
    'body-limit': { type: 'string', default: String(defaults.bodyLimit), help: 'largest request body in bytes' },
    'max-text-length': { type: 'string', default: String(defaults.maxTextLength), help: 'longest text in characters' },
    'max-batch-size': { type: 'string', default: String(defaults.maxBatchSize), help: 'most texts in one POST /parse/batch' },
    'batch-body-limit': { type: 'string', default: String(defaults.batchBodyLimit), help: 'largest /parse/batch body in bytes' },
    'inline-text-length': { type: 'string', default: '128', help: 'texts up to this length parse on the inline worker' },
    'parse-threads': { type: 'string', default: '1', help: 'low-priority worker threads for longer texts (0: all on the event loop)' },
    'parse-queue': { type: 'string', default: '64', help: 'texts waiting for a worker before 503' },
    'parse-cpu-share': { type: 'string', default: String(DEFAULT_PARSE_CPU_SHARE), help: 'share of a core the long-text workers may use' },
    'headers-timeout-ms': { type: 'string', default: String(defaults.headersTimeoutMs), help: 'time to receive a request’s headers' },
    'request-timeout-ms': { type: 'string', default: String(defaults.requestTimeoutMs), help: 'time to receive a whole request' },
    'max-connections': { type: 'string', default: String(defaults.maxConnections), help: 'open connections at most' },
    'log-level': { type: 'string', default: defaults.logLevel, help: 'fatal, error, warn, info, debug, trace or silent' },
    backend: { type: 'string', help: 'auto, node-gpu, node, wasm or cpu (default: $XLNLU_BACKEND, else the fastest that loads)' },
  },
});

const count = (name: keyof typeof values) => {
  const value = values[name] as string;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got ${JSON.stringify(value)}`);
  return n;
};

async function main(): Promise<void> {
  await includeFamilies();
  const backend = await selectBackend({ backend: values.backend });
  const threads = count('parse-threads');
  // models load while the server already answers: /health/live at once, /health/ready once they are in
  const loading: Promise<Parser> =
    threads > 0
      ? ParsePool.start({
          models: values.model!,
          backend: backend.name,
          longThreads: threads,
          inlineTextLength: count('inline-text-length'),
          maxQueue: count('parse-queue'),
          cpuShare: Number(values['parse-cpu-share']),
        })
      : NluService.load(values.model!, (line) => console.log(line));
  const app = buildServer(loading, {
    bodyLimit: count('body-limit'),
    maxTextLength: count('max-text-length'),
    maxBatchSize: count('max-batch-size'),
    batchBodyLimit: count('batch-body-limit'),
    headersTimeoutMs: count('headers-timeout-ms'),
    requestTimeoutMs: count('request-timeout-ms'),
    maxConnections: count('max-connections'),
    logLevel: values['log-level']!,
  });
  const address = await app.listen({ port: count('port'), host: values.host! });
  console.log(`listening on ${address} (live); loading ${values.model!.join(', ')}`);
  let parser: Parser | undefined;
  let stopping = false;
  const stop = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${reason}: closing`);
    await app.close();
    await parser?.dispose();
    process.exit(0);
  };
  // from the moment it listens, while models load too
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => void stop(signal));
  // npx does not pass SIGTERM on (launcher-watch.ts): close when whatever launched the server is gone
  watchLaunchers((launcher) => void stop(`launcher gone (pid ${launcher.pid}: ${launcher.command})`));
  try {
    parser = await loading;
  } catch (error) {
    await app.close();
    throw error;
  }
  const lanes =
    threads > 0
      ? `parse threads: 1 for texts up to ${count('inline-text-length')} characters, ${threads} for longer ones`
      : 'parsing on the event loop';
  console.log(
    `serving ${parser.locales.join(', ')} on ${address} (POST /parse, POST /parse/batch, GET /health/live, /health/ready, /models, /metrics, /openapi.json; ${lanes})`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
