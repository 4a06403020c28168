import type { Locale } from '@xlnlu/data';
import { pairedBootstrap } from '@xlnlu/metrics';
import type { GridConfig, PlannedRun } from '@xlnlu/training';
import { closest } from 'fastest-levenshtein';
import { fixed, METRICS, pooledStatistic, runSeeds, sameItems, signed, valueOn, type Metric } from './report.js';

/** Two runs of a grid against each other on one metric, their common seeds pooled. */
export interface RunComparison {
  metric: Metric['key'];
  label: string;
  a: number;
  b: number;
  /** a − b, its 95 % paired-bootstrap interval and two-sided p-value. */
  difference: number;
  low: number;
  high: number;
  pValue: number;
}

/** Two runs that have no finished seed in common yet: nothing to compare (a summary leaves the cell empty). */
export class NoCommonSeed extends Error {}

/** Throws unless the grid has the run and evaluates it on the locale (naming the nearest run for a misspelt one). */
export function requireGridRun(grid: GridConfig, name: string, locale: Locale): void {
  const entry = grid.runs.find((e) => e.name === name);
  if (!entry) {
    const nearest = closest(
      name,
      grid.runs.map((e) => e.name),
    );
    throw new Error(`grid ${grid.name} has no run "${name}" (nearest: "${nearest}")`);
  }
  if (!entry.evaluate.includes(locale))
    throw new Error(`run "${name}" of grid ${grid.name} is not evaluated on ${locale} (only on ${entry.evaluate.join(', ')})`);
}

/**
 * Any two runs of a grid on one locale, paired on the same utterances with the seeds both have
 * finished pooled (each utterance's score averaged, or span counts summed, over those seeds): what
 * the report's tables give only against each run's declared reference. For instance the best
 * setting with shared-space vectors against the best without (issue 17).
 */
export function compareRuns(
  grid: GridConfig,
  plan: readonly PlannedRun[],
  gridDirectory: string,
  names: { a: string; b: string },
  locale: Locale,
  metrics: readonly Metric[] = METRICS,
): { seeds: number[]; comparisons: RunComparison[] } {
  for (const name of [names.a, names.b]) requireGridRun(grid, name, locale);
  const a = runSeeds(grid, plan, gridDirectory, names.a, locale);
  const b = runSeeds(grid, plan, gridDirectory, names.b, locale);
  const seeds = a.map((r) => r.seed).filter((seed) => b.some((r) => r.seed === seed));
  if (seeds.length === 0)
    throw new NoCommonSeed(
      `no seed of ${locale} is finished for both runs ("${names.a}": ${a.map((r) => r.seed).join(', ') || 'none'}; ` +
        `"${names.b}": ${b.map((r) => r.seed).join(', ') || 'none'})`,
    );
  const itemsOf = (runs: typeof a) => runs.filter((r) => seeds.includes(r.seed)).map((r) => r.items);
  const [itemsA, itemsB] = [itemsOf(a), itemsOf(b)];
  if (!sameItems(itemsA[0]!, itemsB[0]!)) throw new Error(`"${names.a}" and "${names.b}" were scored on different ${locale} items`);
  const n = itemsA[0]!.recordIds.length;
  const comparisons: RunComparison[] = [];
  for (const metric of metrics) {
    const statisticA = pooledStatistic(metric, itemsA);
    const statisticB = pooledStatistic(metric, itemsB);
    if (!statisticA || !statisticB) continue;
    const { difference, low, high, pValue } = pairedBootstrap(n, statisticA, statisticB);
    comparisons.push({
      metric: metric.key,
      label: metric.label,
      a: valueOn(statisticA, n),
      b: valueOn(statisticB, n),
      difference,
      low,
      high,
      pValue,
    });
  }
  return { seeds, comparisons };
}

/** The comparison as a Markdown table. */
export function comparisonMarkdown(
  names: { a: string; b: string },
  locale: Locale,
  seeds: readonly number[],
  comparisons: readonly RunComparison[],
): string {
  return [
    `${locale}, seeds ${seeds.join(', ')} pooled; Δ = ${names.a} − ${names.b}, 95 % paired bootstrap CI (1,000 resamples) and p`,
    '',
    `| metric | ${names.a} | ${names.b} | Δ (95 % CI) | p |`,
    '|---|---|---|---|---|',
    ...comparisons.map(
      (c) =>
        `| ${c.label} | ${fixed(c.a)} | ${fixed(c.b)} | ${signed(c.difference)} (${signed(c.low, 3)} to ${signed(c.high, 3)}) | ${fixed(c.pValue, 3)} |`,
    ),
    '',
  ].join('\n');
}
