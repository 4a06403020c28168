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
  return {
    samples: times.length,
    p50Ms: percentile(times, 50),
    p99Ms: percentile(times, 99),
    meanMs: times.reduce((a, b) => a + b, 0) / Math.max(1, times.length),
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
