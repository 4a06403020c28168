import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';

const require = createRequire(import.meta.url);

/** The files of a run the page reads (browser-parser.ts), and nothing else of it. */
const RUN_FILES: Record<string, { file: string; type: string }> = {
  'config.json': { file: 'config.json', type: 'application/json' },
  'model/metadata.json': { file: 'model/metadata.json', type: 'application/json' },
  'model/model.json': { file: 'model/model.json', type: 'application/json' },
  'model/model.bin': { file: 'model/model.bin', type: 'application/octet-stream' },
};

/**
 * Serves the demo page: the bundle (bundle.ts), the run's model files under `run/`, kuromoji's
 * dictionary under `kuromoji-dict/`, and `POST parse-results` (the page's parses of `?texts=`,
 * handed to `onResults`: how the spec reads them back).
 */
export function demoServer(options: { bundle: string; run: string; onResults?: (results: unknown) => void }): FastifyInstance {
  const model = path.join(options.run, 'model', 'model.json');
  if (!existsSync(model)) throw new Error(`${options.run}: no trained model (no model/model.json); train one with npx nx run train:train`);
  const app = Fastify({ logger: false, bodyLimit: 1 << 22 });
  const send = (file: string, type: string) => ({ file, type });
  const files: Record<string, { file: string; type: string }> = {
    '/': send(path.join(options.bundle, 'index.html'), 'text/html; charset=utf-8'),
    '/demo.js': send(path.join(options.bundle, 'demo.js'), 'text/javascript; charset=utf-8'),
    ...Object.fromEntries(
      Object.entries(RUN_FILES).map(([url, { file, type }]) => [`/run/${url}`, send(path.join(options.run, file), type)]),
    ),
  };
  const dictionary = path.join(path.dirname(require.resolve('kuromoji/package.json')), 'dict');
  app.get('/*', async (request, reply) => {
    const url = request.url.split('?')[0]!;
    const dictionaryFile = /^\/kuromoji-dict\/([a-z_]+\.dat\.gz)$/.exec(url)?.[1];
    const served = dictionaryFile ? send(path.join(dictionary, dictionaryFile), 'application/octet-stream') : files[url];
    if (!served || !existsSync(served.file)) return reply.status(404).send({ error: 'not found', message: url });
    return reply.type(served.type).send(readFileSync(served.file));
  });
  app.post('/parse-results', async (request) => {
    options.onResults?.(request.body);
    return { ok: true };
  });
  return app;
}
