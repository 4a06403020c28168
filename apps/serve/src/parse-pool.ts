import { Piscina } from 'piscina';
import {
  localesOf,
  RequestError,
  servedModels,
  type ModelDescription,
  type ModelLoad,
  type ParseResult,
  type Parser,
} from './nlu-service.js';
import type { ParseAnswer, ParseTask, ParseWorkerData } from './parse-worker.js';

export interface ParsePoolOptions {
  /** Run directories of the served models. */
  models: string[];
  backend?: string;
  /** Threads for long texts (the short-text lane has one). */
  longThreads: number;
  /** Texts longer than this (characters) take the long-text lane. */
  inlineTextLength: number;
  /** Share of a core each long-text thread may use, (0, 1]. */
  cpuShare: number;
  /** Long texts waiting for a thread beyond which a new one is refused with 503. */
  maxQueue: number;
}

/** Half a core per long-text thread: on a 2-core machine the rest keeps a core and a half. */
export const DEFAULT_PARSE_CPU_SHARE = 0.5;

type Lane = Piscina<ParseTask, ParseAnswer | ModelLoad[]>;

function startLane(options: ParsePoolOptions, threads: number, background: boolean): Lane {
  const workerData: ParseWorkerData = {
    models: options.models,
    backend: options.backend,
    cpuShare: background ? options.cpuShare : 1,
    lowPriority: background,
  };
  return new Piscina({
    filename: new URL('./parse-worker-entry.mjs', import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: Infinity,
    workerData,
  });
}

/**
 * Parses in worker threads, in two lanes, so that the event loop only answers HTTP (/health in
 * about a millisecond whatever is being parsed) and one costly text never holds up short ones:
 * short texts (most utterances, ~1 ms each) have a thread of their own; long texts (up to ~10 ms
 * for 1,000 characters) go to threads of low scheduling priority with a CPU-time budget, and a
 * full queue is a 503 (load shedding) rather than an ever longer wait. Each thread holds its own
 * copy of the models (and of kuromoji's dictionary when ja-JP is served, ~300 MB).
 */
export class ParsePool implements Parser {
  readonly locales;

  private constructor(
    private readonly models: ModelDescription[],
    private readonly short: Lane,
    private readonly long: Lane,
    private readonly options: ParsePoolOptions,
    private loadTimes: ModelLoad[] = [],
  ) {
    this.locales = localesOf(models);
  }

  /** Starts both lanes and waits until every thread has loaded the models (a load error is thrown here). */
  static async start(options: ParsePoolOptions): Promise<ParsePool> {
    if (!(options.cpuShare > 0 && options.cpuShare <= 1))
      throw new Error(`parse pool: the CPU share must be in (0, 1], got ${options.cpuShare}`);
    if (!Number.isInteger(options.longThreads) || options.longThreads < 1)
      throw new Error(`parse pool: at least one long-text thread is needed, got ${options.longThreads}`);
    const models = servedModels(options.models).map(({ name, locales }) => ({ name, locales }));
    const pool = new ParsePool(models, startLane(options, 1, false), startLane(options, options.longThreads, true), options);
    try {
      // every thread loads the models when it starts: its first answer waits for that
      const [first] = await Promise.all([
        pool.short.run({ loads: true }),
        ...Array.from({ length: options.longThreads }, () => pool.long.run({ loads: true })),
      ]);
      pool.loadTimes = first as ModelLoad[];
    } catch (error) {
      await pool.dispose();
      throw new Error(`parse pool: a worker thread could not load the models: ${(error as Error).message}`);
    }
    return pool;
  }

  describe(): ModelDescription[] {
    return this.models;
  }

  /** Load times in the short-text lane's thread (every thread loads the same models). */
  loads(): ModelLoad[] {
    return this.loadTimes;
  }

  async parse(text: string, locale?: string): Promise<ParseResult> {
    const lane = text.length > this.options.inlineTextLength ? this.long : this.short;
    if (lane === this.long && lane.queueSize >= this.options.maxQueue)
      throw new RequestError(503, `busy: ${lane.queueSize} long texts are waiting to be parsed; retry shortly`);
    const answer = (await lane.run({ text, locale })) as ParseAnswer;
    if ('error' in answer) throw new RequestError(answer.error.statusCode, answer.error.message);
    return answer.result;
  }

  async dispose(): Promise<void> {
    await Promise.all([this.short.destroy(), this.long.destroy()]);
  }
}
