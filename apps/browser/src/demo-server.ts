import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';

const require = createRequire(import.meta.url);

/** The files of a run the page reads (browser-parser.ts), and nothing else of it. */
const RUN_FILES = ['config.json', 'model/metadata.json', 'model/model.json', 'model/model.bin'];

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
};

/**
 * Serves the demo page: the bundle (bundle.ts), the run's model files under `run/`, kuromoji's
 * dictionary under `kuromoji-dict/`, and `POST parse-results` (the page's parses of `?texts=`,
 * handed to `onResults`: how the spec reads them back).
 */
export function demoServer(options: { bundle: string; run: string; onResults?: (results: unknown) => void }): FastifyInstance {
  if (!existsSync(path.join(options.run, 'model', 'model.json')))
    throw new Error(`${options.run}: no trained model (no model/model.json); train one with npx nx run train:train`);
  const files: Record<string, string> = {
    '/': path.join(options.bundle, 'index.html'),
    '/demo.js': path.join(options.bundle, 'demo.js'),
    ...Object.fromEntries(RUN_FILES.map((file) => [`/run/${file}`, path.join(options.run, file)])),
  };
  const dictionary = path.join(path.dirname(require.resolve('kuromoji/package.json')), 'dict');
  const app = Fastify({ logger: false, bodyLimit: 1 << 22 });
  app.get('/*', async (request, reply) => {
    const url = request.url.split('?')[0]!;
    const dictionaryFile = /^\/kuromoji-dict\/([a-z_]+\.dat\.gz)$/.exec(url)?.[1];
    const file = dictionaryFile ? path.join(dictionary, dictionaryFile) : files[url];
    if (!file || !existsSync(file)) return reply.status(404).send({ error: 'not found', message: url });
    return reply.type(CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream').send(readFileSync(file));
  });
  app.post('/parse-results', async (request) => {
    options.onResults?.(request.body);
    return { ok: true };
  });
  return app;
}
