import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Locale } from '@xlnlu/data';
import { bootstrapCi, meanOf, microF1Of, pairedBootstrap, type SpanCounts, type Statistic } from '@xlnlu/metrics';
import { domainRun, readJsonFile, referenceRun, RunDirectory, type GridConfig, type PlannedRun } from '@xlnlu/training';
import { withDomainOf, type ItemsFile } from './domain-pairing.js';
import { fragment, h, page, table, type Child, type Markup } from './html.js';
import { confusions, curvePlot, estimatesPlot, forestPlot, intentPlot, slotTypePlot, trainingCurvesPlot } from './report-plots.js';
import type { RunDetails } from './run-details.js';

export const METRICS = [
  { key: 'domain', label: 'domain acc.', items: 'domainCorrect' },
  { key: 'intent', label: 'intent acc.', items: 'intentCorrect' },
  { key: 'slotF1', label: 'slot F1', items: 'slotCounts' },
  { key: 'frame', label: 'frame acc.', items: 'frameCorrect' },
  // on character offsets (nlu-evaluation.ts): differ from the two above only where annotations cut tokens
  { key: 'slotF1Chars', label: 'slot F1 (chars)', items: 'slotCountsChars' },
  { key: 'frameChars', label: 'frame acc. (chars)', items: 'frameCorrectChars' },
] as const;
export type Metric = (typeof METRICS)[number];

/** One run of the grid on one locale and metric, over all its seeds. */
export interface Cell {
  run: string;
  locale: string;
  metric: Metric['key'];
  seeds: number[];
  /** Per seed. */
  perSeed: number[];
  /** Over the items with per-item scores averaged (accuracies) or summed (span counts) across seeds. */
  estimate: number;
  low: number;
  high: number;
  /** Against the run's reference on this locale (its compareTo, else the grid's baseline) on the same items; absent for the reference itself. */
  versusBaseline?: { against: string; difference: number; low: number; high: number; pValue: number };
  /** The run whose domain predictions scored this cell's domain and frames, when not its own. */
  domainFrom?: string;
}

/** A run's per-utterance scores on a locale's partition, or undefined where it was not evaluated on it. */
export function loadItems(gridDirectory: string, id: string, locale: string, part: 'test' | 'dev'): ItemsFile | undefined {
  const itemsFile = new RunDirectory(path.join(gridDirectory, id)).evaluationFile(locale, part, 'items');
  return existsSync(itemsFile) ? (readJsonFile(itemsFile, 'per-utterance scores') as ItemsFile) : undefined;
}

/** A statistic's value on all n items (no resampling). */
export const valueOn = (statistic: Statistic, n: number) => statistic(Int32Array.from({ length: n }, (_, i) => i));

/** Whether two runs' scores are over the same utterances in the same order (what pairing needs). */
export const sameItems = (a: ItemsFile, b: ItemsFile) => a.recordIds.join('\n') === b.recordIds.join('\n');

/** A statistic over items with the seeds' per-item scores pooled. */
export function pooledStatistic(metric: Metric, runs: readonly ItemsFile[]): Statistic | undefined {
  if (metric.items === 'slotCounts' || metric.items === 'slotCountsChars') {
    const perSeed = runs.map((r) => r[metric.items]);
    if (perSeed.some((c) => !c)) return undefined;
    const summed: SpanCounts[] = perSeed[0]!.map((_, i) =>
      perSeed.reduce(
        (sum, counts) => ({
          truePositives: sum.truePositives + counts![i]!.truePositives,
          gold: sum.gold + counts![i]!.gold,
          predicted: sum.predicted + counts![i]!.predicted,
        }),
        { truePositives: 0, gold: 0, predicted: 0 },
      ),
    );
    return microF1Of(summed);
  }
  const perSeed = runs.map((r) => r[metric.items] as number[] | undefined);
  if (perSeed.some((values) => !values)) return undefined;
  return meanOf(perSeed[0]!.map((_, i) => perSeed.reduce((sum, values) => sum + values![i]!, 0) / perSeed.length));
}

/** One finished seed of a run on a locale: its run id and per-utterance scores. */
export interface SeedItems {
  seed: number;
  id: string;
  items: ItemsFile;
}

/**
 * A run's per-utterance scores on a locale, one entry per finished seed; domain and frames from its
 * domain run (same seed) where it names one, and a seed whose domain run is not finished yet waits
 * for it, as an unfinished run would.
 */
export function runSeeds(grid: GridConfig, plan: readonly PlannedRun[], gridDirectory: string, run: string, locale: Locale): SeedItems[] {
  const loadSeeds = (name: string) =>
    plan
      .filter((p) => p.run === name && p.evaluate.includes(locale))
      .map((p) => ({ seed: p.seed, id: p.id, items: loadItems(gridDirectory, p.id, locale, p.partition) }))
      .filter((r): r is SeedItems => r.items !== undefined);
  const entry = grid.runs.find((e) => e.name === run)!;
  const domainSource = domainRun(entry, locale);
  if (domainSource === null || domainSource === run) return loadSeeds(run);
  const domains = new Map(loadSeeds(domainSource).map((r) => [r.seed, r]));
  return loadSeeds(run).flatMap((r) => {
    const domain = domains.get(r.seed);
    return domain ? [{ ...r, items: withDomainOf(r.items, domain.items, { run: r.id, domainRun: domain.id }) }] : [];
  });
}

/**
 * The grid's results: per run, locale and metric, the seeds' figures and a pooled estimate with a
 * 95 % bootstrap CI, and a paired bootstrap test against the baseline run. A run with a domainFrom
 * is scored with that run's domain predictions of the same seed. Runs or locales without metrics
 * yet (unfinished) are left out.
 */
export function collectCells(grid: GridConfig, plan: readonly PlannedRun[], gridDirectory: string): Cell[] {
  const cells: Cell[] = [];
  for (const entry of grid.runs) {
    for (const locale of entry.evaluate) {
      const runs = runSeeds(grid, plan, gridDirectory, entry.name, locale);
      if (runs.length === 0) continue;
      const reference = referenceRun(grid, entry, locale);
      const baseline = reference ? runSeeds(grid, plan, gridDirectory, reference, locale) : [];
      const domainSource = domainRun(entry, locale);
      for (const metric of METRICS) {
        const statistic = pooledStatistic(
          metric,
          runs.map((r) => r.items),
        );
        if (!statistic) continue;
        const n = runs[0]!.items.recordIds.length;
        const ci = bootstrapCi(n, statistic);
        const cell: Cell = {
          run: entry.name,
          locale,
          metric: metric.key,
          seeds: runs.map((r) => r.seed),
          perSeed: runs.map((r) => valueOn(pooledStatistic(metric, [r.items])!, n)),
          estimate: ci.estimate,
          low: ci.low,
          high: ci.high,
          ...(domainSource !== null && domainSource !== entry.name && (metric.key === 'domain' || metric.key === 'frame')
            ? { domainFrom: domainSource }
            : {}),
        };
        const baselineStatistic =
          baseline.length > 0
            ? pooledStatistic(
                metric,
                baseline.map((r) => r.items),
              )
            : undefined;
        if (baselineStatistic) {
          if (!sameItems(baseline[0]!.items, runs[0]!.items))
            throw new Error(`${entry.name} and ${reference} were scored on different ${locale} test items`);
          const { difference, low, high, pValue } = pairedBootstrap(n, statistic, baselineStatistic);
          cell.versusBaseline = { against: reference!, difference, low, high, pValue };
        }
        cells.push(cell);
      }
    }
  }
  return cells;
}

export const fixed = (x: number, digits = 4) => x.toFixed(digits);
export const signed = (x: number, digits = 4) => `${x >= 0 ? '+' : ''}${fixed(x, digits)}`;

export function resultsCsv(grid: GridConfig, cells: readonly Cell[]): string {
  const header =
    'grid,run,locale,metric,seeds,per_seed,estimate,ci_low,ci_high,compared_to,difference,difference_ci_low,difference_ci_high,p_value,domain_from';
  const rows = cells.map((c) =>
    [
      grid.name,
      c.run,
      c.locale,
      c.metric,
      c.seeds.join(' '),
      c.perSeed.map((x) => fixed(x)).join(' '),
      fixed(c.estimate),
      fixed(c.low),
      fixed(c.high),
      c.versusBaseline?.against ?? '',
      c.versusBaseline ? fixed(c.versusBaseline.difference) : '',
      c.versusBaseline ? fixed(c.versusBaseline.low) : '',
      c.versusBaseline ? fixed(c.versusBaseline.high) : '',
      c.versusBaseline ? fixed(c.versusBaseline.pValue) : '',
      c.domainFrom ?? '',
    ].join(','),
  );
  return `${[header, ...rows].join('\n')}\n`;
}

/** Which runs were scored with another run's domain predictions, and whose; empty when none was. */
function domainSourcesNote(cells: readonly Cell[]): string {
  const runs = [...new Set(cells.filter((c) => c.domainFrom).map((c) => c.run))];
  if (runs.length === 0) return '';
  const sources = runs.map(
    (run) =>
      `${run} (${[...new Set(cells.filter((c) => c.run === run && c.domainFrom).map((c) => `${c.locale}: ${c.domainFrom}`))].join(', ')})`,
  );
  return `Domain, and so frames, scored with another run's domain predictions (same seed): ${sources.join('; ')}.`;
}

/** One table per metric: runs × locales, "estimate (CI)" and, against the baseline, "Δ, p". */
export function resultsMarkdown(grid: GridConfig, cells: readonly Cell[]): string {
  const locales = [...new Set(cells.map((c) => c.locale))];
  const parts = [
    `# ${grid.name}`,
    '',
    grid.description,
    '',
    `${grid.partition === 'dev' ? 'Scored on the **dev** sets (for choosing methods; the test sets are not read). ' : ''}Seeds: ${grid.seeds.join(', ')}. Estimates pool the seeds' per-utterance scores; 95 % bootstrap CIs (1,000 resamples); Δ (its 95 % CI) and p: paired bootstrap against the named run${grid.baseline ? ` (by default \`${grid.baseline}\`)` : ''}.`,
    '',
  ];
  for (const metric of METRICS) {
    const ofMetric = cells.filter((c) => c.metric === metric.key);
    if (ofMetric.length === 0) continue;
    parts.push(`## ${metric.label}`, '', `| run | ${locales.join(' | ')} |`, `|---|${locales.map(() => '---').join('|')}|`);
    for (const run of [...new Set(ofMetric.map((c) => c.run))]) {
      const cellText = (locale: string) => {
        const c = ofMetric.find((x) => x.run === run && x.locale === locale);
        if (!c) return '';
        const versus = c.versusBaseline
          ? ` Δ ${signed(c.versusBaseline.difference)} (${signed(c.versusBaseline.low, 3)} to ${signed(c.versusBaseline.high, 3)}) vs ${c.versusBaseline.against}, p ${fixed(c.versusBaseline.pValue, 3)}`
          : '';
        // a grid still running pools fewer seeds in some cells: say which
        const planned = grid.runs.find((entry) => entry.name === run)?.seeds ?? grid.seeds;
        const partial = c.seeds.length < planned.length ? ` [seeds ${c.seeds.join(', ')} of ${planned.length}]` : '';
        return `${fixed(c.estimate)} (${fixed(c.low, 3)}–${fixed(c.high, 3)})${versus}${partial}`;
      };
      parts.push(`| ${run} | ${locales.map(cellText).join(' | ')} |`);
    }
    parts.push('');
    const note = domainSourcesNote(ofMetric);
    if (note) parts.push(note, '');
  }
  return parts.join('\n');
}

/**
 * Learning curves of one locale: frame accuracy (with 95 % CI whiskers) against the target's training
 * size, one line per series (in the grid's `seriesLabels` words where it has them), from the runs
 * that declare a `curve` point. Sizes are an ordinal axis in their order (0, 100, …, all), not to scale.
 */
function learningCurves(grid: GridConfig, cells: readonly Cell[], locale: string): Markup | null {
  const points = grid.runs.flatMap((entry) => {
    const cell = cells.find((c) => c.run === entry.name && c.locale === locale && c.metric === 'frame');
    return entry.curve && cell
      ? [{ series: grid.seriesLabels[entry.curve.series] ?? entry.curve.series, size: entry.curve.size, cell }]
      : [];
  });
  const sizes = [...new Set(points.map((p) => p.size))].sort((a, b) => (a ?? Infinity) - (b ?? Infinity));
  if (sizes.length < 2) return null;
  // the legend in seriesLabels' order (the README's table order for Study 3), then the others as the runs declare them
  const labelled = Object.values(grid.seriesLabels);
  const series = [...new Set([...labelled, ...points.map((p) => p.series)])].filter((name) => points.some((p) => p.series === name));
  const title = `${locale}: frame accuracy by target training utterances`;
  return fragment(h('h2', {}, title), curvePlot(points, sizes, series));
}

const STYLE =
  'body{font-family:system-ui,sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse;margin:1em 0 2em}' +
  'td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}';

/** One row of a metric's table: the run's figures and its difference from its reference. */
function tableRow(c: Cell): Child[] {
  const versus = c.versusBaseline;
  return [
    c.run,
    c.locale,
    fixed(c.estimate),
    `${fixed(c.low)}–${fixed(c.high)}`,
    c.perSeed.map((x) => fixed(x)).join(', '),
    versus?.against ?? '',
    versus ? fixed(versus.difference) : '',
    versus ? `${fixed(versus.low)}–${fixed(versus.high)}` : '',
    versus ? fixed(versus.pValue, 3) : '',
  ];
}

/** One row of the runs table: what changed from the base config, and where, when and how the run trained. */
function detailsRow(d: RunDetails): Child[] {
  return [
    d.id,
    d.changes.join('; '),
    d.commit?.slice(0, 10) ?? '',
    d.date?.replace('T', ' ').slice(0, 16) ?? '',
    d.backend ?? '',
    d.trainingSeconds === undefined ? '' : `${d.trainingSeconds.toFixed(0)} s`,
    d.bestEpoch ?? '',
  ];
}

/** Per locale: slot F1 per type and intent accuracy per intent of each run, and the largest confusions of its best run. */
function perLabelSections(cells: readonly Cell[], details: readonly RunDetails[]): Markup[] {
  return [...new Set(cells.map((c) => c.locale))].map((locale) => {
    const best = cells.filter((c) => c.locale === locale && c.metric === 'frame').sort((a, b) => b.estimate - a.estimate)[0];
    const bestDetails = best && details.find((d) => d.run === best.run && Object.keys(d.intents).includes(locale));
    const confused = bestDetails ? confusions(bestDetails, locale) : [];
    return fragment(
      h('h2', {}, `${locale}: per slot type and per intent`),
      slotTypePlot(details, locale),
      intentPlot(details, locale),
      confused.length > 0
        ? fragment(
            h('h3', {}, `${locale}: the most frequent intent confusions of ${bestDetails!.id} (best frame accuracy)`),
            table(
              ['gold intent', 'predicted', 'utterances'],
              confused.map((c) => [c.gold, c.predicted, c.count]),
            ),
          )
        : null,
    );
  });
}

/**
 * The self-contained HTML report (static SVG from Observable Plot, no script): per metric the
 * estimates with CIs on the whole 0–1 scale, a forest plot of the differences from each run's
 * reference and a table; learning curves over training sizes; training curves per run; slot F1
 * per type, intent accuracy per intent and the largest confusions; and per run what it changed
 * from its base config, its commit, date, backend, training time and best epoch.
 */
export function resultsHtml(grid: GridConfig, cells: readonly Cell[], details: readonly RunDetails[] = []): string {
  const sections = METRICS.filter((m) => cells.some((c) => c.metric === m.key)).map((metric) => {
    const ofMetric = cells.filter((c) => c.metric === metric.key);
    const note = domainSourcesNote(ofMetric);
    return fragment(
      h('h2', {}, metric.label),
      estimatesPlot(ofMetric, metric.label),
      forestPlot(ofMetric, metric.label),
      note ? h('p', {}, note) : null,
      table(['run', 'locale', 'estimate', '95 % CI', 'per seed', 'compared to', 'Δ', 'Δ 95 % CI', 'p'], ofMetric.map(tableRow)),
    );
  });
  const byDefault = grid.baseline ? ` (by default ${grid.baseline})` : '';
  const scored = grid.partition === 'dev' ? 'Scored on the dev sets (for choosing methods; the test sets are not read). ' : '';
  const method = `${scored}Seeds ${grid.seeds.join(', ')}; 95 % bootstrap CIs over utterances with the seeds pooled; Δ, its CI and p: paired bootstrap against the run named in the table${byDefault}.`;
  const curves = [...new Set(cells.map((c) => c.locale))].map((locale) => learningCurves(grid, cells, locale));
  const trained = details.filter((d) => d.date !== undefined);
  const training = trainingCurvesPlot(trained);
  return page(
    grid.name,
    STYLE,
    h('h1', {}, grid.name),
    h('p', {}, grid.description),
    h('p', {}, method),
    curves,
    sections,
    training ? fragment(h('h2', {}, 'training curves (dev score per epoch, first seed of each run)'), training) : null,
    perLabelSections(cells, trained),
    trained.length > 0
      ? fragment(
          h('h2', {}, 'runs'),
          table(
            ['run', 'changes from its base config', 'commit', 'started (UTC)', 'backend', 'training', 'best epoch'],
            trained.map(detailsRow),
          ),
        )
      : null,
  );
}
