/** The p-th percentile (0–100) of samples, nearest-rank method; NaN for no samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be in [0, 100], got ${p}`);
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export interface LatencySummary {
  samples: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  /** Readings more than 1 ms above the median: the machine's stalls, for a task this short. */
  lateOver1Ms: number;
}

/**
 * Times `run` once per input, after untimed calls on `warmup` (other inputs of the same kind, so
 * that what is timed is the steady state a server reaches, not its first calls: JIT, caches).
 */
export function measureLatency<T>(inputs: readonly T[], run: (input: T) => unknown, warmup: readonly T[] = []): LatencySummary {
  for (const input of warmup) run(input);
  const times = inputs.map((input) => {
    const started = performance.now();
    run(input);
    return performance.now() - started;
  });
  return summarizeLatency(times);
}

/** p50, p99, mean and late readings of latency samples in milliseconds. */
export function summarizeLatency(times: readonly number[]): LatencySummary {
  const p50Ms = percentile(times, 50);
  return {
    samples: times.length,
    p50Ms,
    p99Ms: percentile(times, 99),
    meanMs: times.reduce((a, b) => a + b, 0) / Math.max(1, times.length),
    lateOver1Ms: times.filter((t) => t > p50Ms + 1).length,
  };
}

/**
 * Throughput of `run` over `count` items: its first pass (what a one-off evaluation pays: tables
 * built, code compiled) and the median of `passes` passes after it (the steady state).
 */
export function measureThroughput(count: number, run: () => unknown, passes = 5): { firstPassPerSecond: number; perSecond: number } {
  const rate = () => {
    const started = performance.now();
    run();
    return count / ((performance.now() - started) / 1000);
  };
  const firstPassPerSecond = rate();
  const rates = Array.from({ length: passes }, rate);
  return { firstPassPerSecond: Math.round(firstPassPerSecond), perSecond: Math.round(percentile(rates, 50)) };
}

/**
 * The machine's own latency floor: one fixed piece of pure arithmetic (no allocation, no I/O, no
 * garbage), calibrated to take about `taskMs`, timed `samples` times like a parse. Whatever a
 * reading has above the median is the machine's, not the code's: on this project's shared 2-core
 * VM, 1–2 % of such readings land 1–7 ms late in some minutes and none in others (README,
 * Performance), which is the size of the parse p99 targets. The bench reports it beside them.
 */
export function machineJitter(samples = 1_000, taskMs = 0.3): LatencySummary {
  let sink = 0;
  const task = (rounds: number) => {
    let x = 1;
    for (let i = 0; i < rounds; i++) x = Math.sqrt(x + i);
    sink += x;
  };
  const time = (rounds: number) => {
    const started = performance.now();
    task(rounds);
    return performance.now() - started;
  };
  // calibration on the optimised code (the first calls run before V8 compiles the loop, ~50×
  // slower): warm up, then double the rounds until a call takes 50 ms, three times, and keep the
  // fastest rate
  for (let i = 0; i < 200; i++) task(10_000);
  let roundsPerMs = 0;
  for (let attempt = 0; attempt < 3; attempt++) {
    let rounds = 10_000;
    let ms = time(rounds);
    while (ms < 50) ms = time((rounds *= 2));
    roundsPerMs = Math.max(roundsPerMs, rounds / ms);
  }
  const chosen = Math.max(1, Math.round(roundsPerMs * taskMs));
  const summary = measureLatency(
    Array.from({ length: samples }, () => chosen),
    task,
    Array.from({ length: Math.min(samples, 100) }, () => chosen),
  );
  if (!Number.isFinite(sink)) throw new Error('unreachable: keeps the task from being optimised away');
  return summary;
}
