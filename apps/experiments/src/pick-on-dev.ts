import type { Locale } from '@xlnlu/data';
import type { GridConfig, PlannedRun } from '@xlnlu/training';
import { requireGridRun } from './compare-runs.js';
import { fixed, loadItems, METRICS, pooledStatistic, runSeeds, valueOn, type Metric } from './report.js';

/** Which of several runs of a grid is best on a locale's dev set: what "the best setting" means before test is read. */
export interface DevPick {
  metric: Metric['key'];
  /** The seeds every candidate has finished: each candidate's dev scores are pooled over these. */
  seeds: number[];
  candidates: { run: string; value: number }[];
  /** The candidate with the highest dev value (the first listed on a tie). */
  chosen: string;
}

/**
 * Candidates that cannot be picked from yet: no seed finished by all of them, or some without dev
 * scores. A summary over many sizes shows these as rows still waiting; any other error is a fault.
 */
export class NotReadyToPick extends Error {}

/**
 * The candidates' planned runs at the seeds all of them have finished on the locale (scored on the
 * grid's partition), each with its dev scores where it has them: what a pick reads, read once.
 */
function devScores(grid: GridConfig, plan: readonly PlannedRun[], gridDirectory: string, candidates: readonly string[], locale: Locale) {
  for (const run of candidates) requireGridRun(grid, run, locale);
  const finished = candidates.map((run) => ({ run, seeds: runSeeds(grid, plan, gridDirectory, run, locale).map((r) => r.seed) }));
  const seeds = finished[0]!.seeds.filter((seed) => finished.every((f) => f.seeds.includes(seed)));
  if (seeds.length === 0)
    throw new NotReadyToPick(
      `no seed of ${locale} is finished for every candidate (${finished.map((f) => `"${f.run}": ${f.seeds.join(', ') || 'none'}`).join('; ')})`,
    );
  const runs = candidates.map((run) =>
    seeds.map((seed) => {
      const planned = plan.find((p) => p.run === run && p.seed === seed)!;
      return { planned, items: loadItems(gridDirectory, planned.id, locale, 'dev') };
    }),
  );
  return { seeds, runs };
}

/**
 * The planned runs (candidate × common seed) that have no dev scores on the locale yet: what
 * `--evaluate-dev` evaluates before it picks.
 */
export function missingDevScores(
  grid: GridConfig,
  plan: readonly PlannedRun[],
  gridDirectory: string,
  candidates: readonly string[],
  locale: Locale,
): PlannedRun[] {
  return devScores(grid, plan, gridDirectory, candidates, locale)
    .runs.flat()
    .filter((r) => r.items === undefined)
    .map((r) => r.planned);
}

/**
 * Picks the best of several runs on the locale's dev set, each run's per-utterance dev scores
 * pooled over the seeds all candidates have finished, so that a comparison of "the best setting
 * with X against the best without" reads the test set once, for the two runs chosen. The neural
 * runs chose their epochs on the same dev set, so their dev figures lean a little high against a
 * run that chose nothing there (max-ent): the pick favours them slightly, never the test set.
 */
export function pickOnDev(
  grid: GridConfig,
  plan: readonly PlannedRun[],
  gridDirectory: string,
  candidates: readonly string[],
  locale: Locale,
  metricKey: Metric['key'] = 'frame',
): DevPick {
  const metric = METRICS.find((m) => m.key === metricKey)!;
  if (plan.some((p) => candidates.includes(p.run) && p.partition === 'dev'))
    throw new Error(`grid ${grid.name} is scored on dev: a pick on dev would then be compared on the same dev set it was chosen on`);
  const { seeds, runs } = devScores(grid, plan, gridDirectory, candidates, locale);
  const missing = runs.flat().filter((r) => r.items === undefined);
  if (missing.length > 0)
    throw new NotReadyToPick(
      `no ${locale} dev scores for ${missing.map((r) => r.planned.id).join(', ')}: add --evaluate-dev to evaluate them on dev first (the test set is not read)`,
    );
  const scored = candidates.map((run, c) => {
    const items = runs[c]!.map((r) => r.items!);
    const statistic = pooledStatistic(metric, items);
    if (!statistic) throw new Error(`the dev scores of "${run}" on ${locale} have no ${metric.label}`);
    return { run, value: valueOn(statistic, items[0]!.recordIds.length) };
  });
  const chosen = scored.reduce((best, c) => (c.value > best.value ? c : best));
  return { metric: metric.key, seeds, candidates: scored, chosen: chosen.run };
}

/** The pick as a Markdown list line: every candidate's dev value, the chosen one in bold. */
export function pickMarkdown(side: string, pick: DevPick): string {
  const label = METRICS.find((m) => m.key === pick.metric)!.label;
  const values = pick.candidates.map((c) => (c.run === pick.chosen ? `**${c.run} ${fixed(c.value)}**` : `${c.run} ${fixed(c.value)}`));
  return `- ${side}: best on dev ${label} (seeds ${pick.seeds.join(', ')} pooled) of ${values.join(', ')}`;
}
