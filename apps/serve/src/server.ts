import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { Writable } from 'node:stream';
import swagger from '@fastify/swagger';
import underPressure from '@fastify/under-pressure';
import Fastify, { type FastifyInstance } from 'fastify';
import { RequestError, type ParseResult, type Parser } from './nlu-service.js';
import { ServerMetrics } from './server-metrics.js';
import {
  batchRequestSchema,
  batchResultSchema,
  errorResponses,
  healthSchema,
  modelsSchema,
  parseResultSchema,
  textRequestSchema,
} from './server-schemas.js';

export interface ServerOptions {
  /** Largest request body, in bytes. */
  bodyLimit: number;
  /** Longest text, in characters. */
  maxTextLength: number;
  /** Most texts in one POST /parse/batch. */
  maxBatchSize: number;
  /** Largest POST /parse/batch body, in bytes. */
  batchBodyLimit: number;
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
  maxBatchSize: 64,
  batchBodyLimit: 256 * 1024,
  headersTimeoutMs: 5_000,
  requestTimeoutMs: 10_000,
  timeoutCheckIntervalMs: 1_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1_024,
  maxEventLoopDelayMs: 1_000,
  logLevel: 'info',
};

/** The service as the OpenAPI document introduces it. */
const OPENAPI_INFO = {
  title: 'xlnlu parse server',
  description:
    'Domain, intent and slots of voice-assistant utterances, from trained xlnlu models (joint BiLSTM-CRF, max-ent or NER). README, "Serving".',
  version: '1',
};

/**
 * The HTTP face of a Parser (NluService on the event loop, or ParsePool in threads), given loaded
 * or still loading: POST /parse {text, locale?}, POST /parse/batch {items}, GET /health/live (at
 * once), GET /health/ready and /health (once the parser is loaded, and not while closing), GET
 * /models, GET /metrics (Prometheus), GET /openapi.json (OpenAPI 3, generated from the routes'
 * schemas). Parsing before the models are in is a 503. Bad input (invalid JSON, a missing or mistyped field,
 * an unknown locale, a body or text over the limits, a text without words or in a script no served
 * model reads) gets a 4xx with {error, message}; a server too busy to answer in time says 503.
 * Slow or idle clients are cut by the timeouts; every request has an id (x-request-id, taken from
 * the client's header when given) on its log lines and in its answer.
 */
export function buildServer(parserOrLoading: Parser | Promise<Parser>, options: Partial<ServerOptions> = {}): FastifyInstance {
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
  // the server answers (liveness) from the start; it is ready, and parses, once every model is loaded
  let loaded: Parser | undefined;
  let closing = false;
  const metrics = new ServerMetrics();
  metrics.observe(app);
  const whenLoaded = (parser: Parser) => {
    loaded = parser;
    metrics.modelsLoaded(parser.loads());
  };
  if (parserOrLoading instanceof Promise)
    parserOrLoading.then(whenLoaded, () => undefined); // the caller reports a load failure
  else whenLoaded(parserOrLoading);
  app.addHook('preClose', async () => {
    closing = true; // draining: a load balancer stops sending requests here
  });
  const readiness = () => (closing ? 'closing' : loaded ? 'ready' : 'loading');
  const ready = (): Parser => {
    if (!loaded) throw new RequestError(503, 'the models are still loading; retry shortly');
    return loaded;
  };
  /** Parses one text, counting it by locale and outcome (a client's locale only when served: labels stay few). */
  const parseCounted = async ({ text, locale }: TextRequest): Promise<ParseResult> => {
    try {
      const result = await ready().parse(text, locale);
      metrics.countText(result.locale, 'ok');
      return result;
    } catch (error) {
      const status = error instanceof RequestError ? error.statusCode : 500;
      metrics.countText(locale !== undefined && loaded?.locales.includes(locale) ? locale : undefined, String(status));
      throw error;
    }
  };
  void app.register(swagger, { openapi: { openapi: '3.0.3', info: OPENAPI_INFO } });
  // routes in a plugin registered after swagger's, so that its route hook sees every one of them
  void app.register(async (routes) => {
    /** Readiness: 200 once every model is loaded, 503 while loading or closing; `/health` calls ready "ok", as it always has. */
    const readinessRoute = (route: string, summary: string, readyWord: string) =>
      routes.get(route, { schema: { summary, response: { 200: healthSchema, 503: healthSchema } } }, async (_request, reply) => {
        const status = readiness();
        return reply
          .status(status === 'ready' ? 200 : 503)
          .send({ status: status === 'ready' ? readyWord : status, locales: loaded?.locales ?? [] });
      });
    readinessRoute('/health', 'Readiness, with the served locales (as /health/ready)', 'ok');
    readinessRoute('/health/ready', 'Readiness: every model loaded, not closing', 'ready');
    routes.get('/health/live', { schema: { summary: 'Liveness: the process answers', response: { 200: healthSchema } } }, async () => ({
      status: 'live',
      locales: loaded?.locales ?? [],
    }));
    routes.get(
      '/models',
      { schema: { summary: 'Served models: names and locales', response: { 200: modelsSchema, ...errorResponses(503) } } },
      async () => ({
        models: ready().describe(),
      }),
    );
    routes.post<{ Body: TextRequest }>(
      '/parse',
      {
        schema: {
          summary: 'Parse one text',
          body: textRequestSchema(settings.maxTextLength),
          response: { 200: parseResultSchema, ...errorResponses(400, 413, 422, 503) },
        },
      },
      async (request) => parseCounted(request.body),
    );
    routes.post<{ Body: { items: TextRequest[] } }>(
      '/parse/batch',
      {
        bodyLimit: settings.batchBodyLimit,
        schema: {
          summary: `Parse up to ${settings.maxBatchSize} texts; each item answers as /parse would, a refusal as {error, message, status}`,
          body: batchRequestSchema(settings.maxTextLength, settings.maxBatchSize),
          response: { 200: batchResultSchema, ...errorResponses(400, 413, 503) },
        },
      },
      async (request) => ({
        results: await Promise.all(
          request.body.items.map((item) =>
            parseCounted(item).catch((error: unknown) => {
              // a server fault fails the whole request (logged by the error handler); a refused item is an answer
              if (!(error instanceof RequestError) || error.statusCode >= 500) throw error;
              return { error: 'bad request', message: error.message, status: error.statusCode };
            }),
          ),
        ),
      }),
    );
    routes.get('/metrics', { schema: { summary: 'Prometheus metrics (text exposition format)' } }, async (_request, reply) => {
      void reply.header('content-type', metrics.registry.contentType);
      return metrics.registry.metrics();
    });
    routes.get('/openapi.json', { schema: { hide: true } }, async () => routes.swagger());
  });
  return app;
}

interface TextRequest {
  text: string;
  locale?: string;
}
