/**
 * npx nx run serve:serve -- [--model=runs/joint-bilstm-crf-en-US] [--model=<another run> …]
 *   [--port=8080] [--host=127.0.0.1] [--body-limit=16384] [--max-text-length=1000] [--backend=B]
 *
 * Serves trained joint models over HTTP (POST /parse, GET /health, GET /models; see README,
 * "Serving"). SIGINT or SIGTERM closes it gracefully: in-flight requests finish, then it exits.
 */
import { parseArgs } from 'node:util';
import { selectBackend } from '@xlnlu/compute';
import { DEFAULT_MODEL, NluService } from './nlu-service.js';
import { buildServer, DEFAULT_LIMITS } from './server.js';

const { values } = parseArgs({
  options: {
    model: { type: 'string', multiple: true, default: [DEFAULT_MODEL] },
    port: { type: 'string', default: '8080' },
    host: { type: 'string', default: '127.0.0.1' },
    'body-limit': { type: 'string', default: String(DEFAULT_LIMITS.bodyLimit) },
    'max-text-length': { type: 'string', default: String(DEFAULT_LIMITS.maxTextLength) },
    backend: { type: 'string' },
  },
  strict: true,
});

const positive = (name: string, value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got ${JSON.stringify(value)}`);
  return n;
};

async function main(): Promise<void> {
  await selectBackend({ backend: values.backend });
  const service = await NluService.load(values.model!, (line) => console.log(line));
  const app = buildServer(service, { bodyLimit: positive('body-limit', values['body-limit']!), maxTextLength: positive('max-text-length', values['max-text-length']!) });
  const address = await app.listen({ port: positive('port', values.port!), host: values.host! });
  console.log(`serving ${service.locales.join(', ')} on ${address} (POST /parse, GET /health, GET /models)`);
  const stop = async (signal: string) => {
    console.log(`${signal}: closing`);
    await app.close();
    service.dispose();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
