import Fastify, { type FastifyInstance } from 'fastify';
import { RequestError, type NluService } from './nlu-service.js';

export interface ServerLimits {
  /** Largest request body, in bytes. */
  bodyLimit: number;
  /** Longest text, in characters. */
  maxTextLength: number;
}

export const DEFAULT_LIMITS: ServerLimits = { bodyLimit: 16 * 1024, maxTextLength: 1_000 };

/**
 * The HTTP face of an NluService: POST /parse {text, locale?}, GET /health, GET /models. Bad
 * input (invalid JSON, a missing or mistyped field, an unknown locale, a body or text over the
 * limits) gets a 4xx with {error, message}; nothing a client sends can take the server down.
 */
export function buildServer(service: NluService, limits: ServerLimits = DEFAULT_LIMITS): FastifyInstance {
  // strict validation: no type coercion ("text": 42 is an error) and no silent dropping of unknown fields
  const app = Fastify({ bodyLimit: limits.bodyLimit, logger: false, ajv: { customOptions: { coerceTypes: false, removeAdditional: false } } });
  app.setErrorHandler((error: Error & { statusCode?: number; validation?: unknown }, _request, reply) => {
    const statusCode = error instanceof RequestError ? error.statusCode : (error.statusCode ?? 500);
    // fastify's own 4xx (bad JSON, body too large, schema) carry their message; a 5xx does not leak internals
    const message = statusCode < 500 ? error.message : 'internal error while parsing';
    if (statusCode >= 500) app.log.error(error);
    void reply.status(statusCode).send({ error: statusCode < 500 ? 'bad request' : 'internal error', message });
  });
  app.get('/health', async () => ({ status: 'ok', locales: service.locales }));
  app.get('/models', async () => ({ models: service.describe() }));
  app.post<{ Body: { text: string; locale?: string } }>(
    '/parse',
    {
      schema: {
        body: {
          type: 'object',
          required: ['text'],
          additionalProperties: false,
          properties: { text: { type: 'string', minLength: 1, maxLength: limits.maxTextLength }, locale: { type: 'string', maxLength: 16 } },
        },
      },
    },
    async (request) => service.parse(request.body.text, request.body.locale),
  );
  return app;
}
