/**
 * The parse pool's task (see parse-pool.ts), run in a worker thread: loads the served models once
 * per thread and parses one text per task. Request errors come back as values, since a thrown
 * error loses its HTTP status on the way across threads.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { workerData } from 'piscina';
import { selectBackend } from '@xlnlu/compute';
import { NluService, RequestError, type ModelLoad, type ParseResult } from './nlu-service.js';
import { includeFamilies } from '@xlnlu/training';

export interface ParseWorkerData {
  models: string[];
  backend?: string;
  /** Share of one core a parse thread may use (0–1]: after a parse of t ms it rests t·(1/share − 1) ms. */
  cpuShare: number;
  /** Run at a low scheduling priority (the long-text lane). */
  lowPriority: boolean;
}

export type ParseAnswer = { result: ParseResult } | { error: { statusCode: number; message: string } };

/** A text to parse, or the question the pool asks each thread once it has started: how long did the models take to load? */
export type ParseTask = { text: string; locale?: string } | { loads: true };

/**
 * Lowers this thread's scheduling priority (Linux: a thread is a task with its own nice value, and
 * /proc/thread-self names it), so that on a busy machine the event loop and the short-text lane run
 * first and long texts take what is left. Elsewhere, or without permission, nothing changes.
 */
function yieldToEventLoop(): void {
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    setPriority(threadId, 10);
  } catch {
    // not Linux, or not allowed: the thread keeps the process's priority
  }
}

const { models, backend, cpuShare, lowPriority } = workerData as ParseWorkerData;
if (lowPriority) yieldToEventLoop();
await includeFamilies();
// one native thread per parse thread: the server's lanes already spread requests over the cores
await selectBackend({ backend, threads: 1, log: () => undefined });
const service = await NluService.load(models);
const restingPlace = new Int32Array(new SharedArrayBuffer(4));
/** The time budget: long texts may not keep a core busy; the queue (and then 503s) absorbs the rest. */
let restUntil = 0;

export default function parse(task: ParseTask): ParseAnswer | ModelLoad[] {
  if ('loads' in task) return service.loads();
  const { text, locale } = task;
  const rest = restUntil - performance.now();
  if (rest > 0) Atomics.wait(restingPlace, 0, 0, rest);
  const started = performance.now();
  try {
    return { result: service.parse(text, locale) };
  } catch (error) {
    if (error instanceof RequestError) return { error: { statusCode: error.statusCode, message: error.message } };
    throw error;
  } finally {
    const now = performance.now();
    restUntil = now + (now - started) * (1 / cpuShare - 1);
  }
}
