import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ModelLoad } from './nlu-service.js';

/** Latency buckets in seconds: a parse takes ~1–5 ms, a batch or a queued long text up to seconds. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * The server's Prometheus metrics (GET /metrics): requests by route and status, their latency,
 * texts parsed by locale and outcome, each served model's load time, and prom-client's process
 * metrics (CPU, memory, event-loop lag, garbage collection). One registry per server, not the
 * library's global one, so that two servers in one process (the specs) count apart.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'xlnlu_http_requests_total',
    help: 'HTTP requests answered, by method, route and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'xlnlu_http_request_duration_seconds',
    help: 'Time from a request arriving to its answer being sent, by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly texts = new Counter({
    name: 'xlnlu_parsed_texts_total',
    help: 'Texts parsed (one per /parse request, one per batch item), by locale and outcome (ok, or the HTTP status of the refusal)',
    labelNames: ['locale', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly loadSeconds = new Gauge({
    name: 'xlnlu_model_load_seconds',
    help: 'Time each served model took to load at start (read its files, build its network; in the first parse thread when parsing in threads)',
    labelNames: ['model'] as const,
    registers: [this.registry],
  });
  private readonly loaded = new Gauge({
    name: 'xlnlu_models_loaded',
    help: 'Models served (0 while they load)',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.loaded.set(0);
  }

  /** The models are loaded: their load times and count. */
  modelsLoaded(loads: readonly ModelLoad[]): void {
    for (const { name, seconds } of loads) this.loadSeconds.set({ model: name }, seconds);
    this.loaded.set(loads.length);
  }

  /** Counts every answered request and its latency (routes by their pattern, unknown paths as one label). */
  observe(app: FastifyInstance): void {
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      this.requests.inc({ method: request.method, route, status_code: String(reply.statusCode) });
      this.latency.observe({ method: request.method, route }, reply.elapsedTime / 1_000);
    });
  }

  /** One parsed text: `outcome` is "ok" or the status it was refused with. */
  countText(locale: string | undefined, outcome: string): void {
    this.texts.inc({ locale: locale ?? 'unknown', outcome });
  }
}
