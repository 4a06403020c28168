import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { Writable } from 'node:stream';
import underPressure from '@fastify/under-pressure';
import Fastify, { type FastifyInstance } from 'fastify';
import { RequestError, type Parser } from './nlu-service.js';

export interface ServerOptions {
  /** Largest request body, in bytes. */
  bodyLimit: number;
  /** Longest text, in characters. */
  maxTextLength: number;
  /** A client must send its request headers within this time (slow-header clients are cut). */
  headersTimeoutMs: number;
  /** … and its whole request within this time. */
  requestTimeoutMs: number;
  /** How often the two limits above are checked. */
  timeoutCheckIntervalMs: number;
  /** An idle keep-alive connection is closed after this time. */
  keepAliveTimeoutMs: number;
  /** Open connections beyond this are refused at once. */
  maxConnections: number;
  /** Event-loop delay beyond which requests get 503 until it recovers (load shedding). */
  maxEventLoopDelayMs: number;
  /** pino level: fatal, error, warn, info, debug, trace or silent. */
  logLevel: string;
  /** Where log lines go (standard output when not given). */
  logStream?: Writable;
}

export const DEFAULT_SERVER_OPTIONS: ServerOptions = {
  bodyLimit: 16 * 1024,
  maxTextLength: 1_000,
  headersTimeoutMs: 5_000,
  requestTimeoutMs: 10_000,
  timeoutCheckIntervalMs: 1_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1_024,
  maxEventLoopDelayMs: 1_000,
  logLevel: 'info',
};

/**
 * The HTTP face of a Parser (NluService on the event loop, or ParsePool in threads): POST /parse
 * {text, locale?}, GET /health, GET /models. Bad input (invalid JSON, a missing or mistyped field,
 * an unknown locale, a body or text over the limits, a text without words or in a script no served
 * model reads) gets a 4xx with {error, message}; a server too busy to answer in time says 503.
 * Slow or idle clients are cut by the timeouts; every request has an id (x-request-id, taken from
 * the client's header when given) on its log lines and in its answer.
 */
export function buildServer(parser: Parser, options: Partial<ServerOptions> = {}): FastifyInstance {
  const settings = { ...DEFAULT_SERVER_OPTIONS, ...options };
  const app = Fastify({
    bodyLimit: settings.bodyLimit,
    logger: { level: settings.logLevel, ...(settings.logStream ? { stream: settings.logStream } : {}) },
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // strict validation: no type coercion ("text": 42 is an error) and no silent dropping of unknown fields
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false } },
    serverFactory: (handler) => {
      const server = http.createServer(
        {
          headersTimeout: settings.headersTimeoutMs,
          requestTimeout: settings.requestTimeoutMs,
          connectionsCheckingInterval: settings.timeoutCheckIntervalMs,
          keepAliveTimeout: settings.keepAliveTimeoutMs,
        },
        handler,
      );
      server.maxConnections = settings.maxConnections;
      return server;
    },
  });
  void app.register(underPressure, {
    maxEventLoopDelay: settings.maxEventLoopDelayMs,
    retryAfter: 1,
    pressureHandler: (request, reply, type, value) => {
      request.log.warn({ type, value }, 'under pressure: refusing with 503');
      void reply.status(503).header('retry-after', '1').send({ error: 'busy', message: 'the server is overloaded; retry shortly' });
    },
  });
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  app.setErrorHandler((error: Error & { statusCode?: number; validation?: unknown }, request, reply) => {
    const statusCode = error instanceof RequestError ? error.statusCode : (error.statusCode ?? 500);
    if (statusCode === 503) {
      request.log.warn(error.message);
      void reply.status(503).header('retry-after', '1').send({ error: 'busy', message: error.message });
      return;
    }
    // fastify's own 4xx (bad JSON, body too large, schema) carry their message; a 5xx does not leak internals
    const message = statusCode < 500 ? error.message : 'internal error while parsing';
    if (statusCode >= 500) request.log.error({ err: error }, 'parse failed');
    void reply.status(statusCode).send({ error: statusCode < 500 ? 'bad request' : 'internal error', message });
  });
  app.get('/health', async () => ({ status: 'ok', locales: parser.locales }));
  app.get('/models', async () => ({ models: parser.describe() }));
  app.post<{ Body: { text: string; locale?: string } }>(
    '/parse',
    {
      schema: {
        body: {
          type: 'object',
          required: ['text'],
          additionalProperties: false,
          properties: {
            text: { type: 'string', minLength: 1, maxLength: settings.maxTextLength },
            locale: { type: 'string', maxLength: 16 },
          },
        },
      },
    },
    async (request) => parser.parse(request.body.text, request.body.locale),
  );
  return app;
}
