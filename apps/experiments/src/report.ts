import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Locale } from '@xlnlu/data';
import { bootstrapCi, meanOf, microF1Of, pairedBootstrap, type SpanCounts, type Statistic } from '@xlnlu/metrics';
import { domainRun, readJsonFile, referenceRun, type GridConfig, type PlannedRun } from '@xlnlu/training';
import { withDomainOf, type ItemsFile } from './domain-pairing.js';
import { fragment, h, page, table, type Child, type Markup } from './html.js';

export const METRICS = [
  { key: 'domain', label: 'domain acc.', items: 'domainCorrect' },
  { key: 'intent', label: 'intent acc.', items: 'intentCorrect' },
  { key: 'slotF1', label: 'slot F1', items: 'slotCounts' },
  { key: 'frame', label: 'frame acc.', items: 'frameCorrect' },
  // on character offsets (nlu-evaluation.ts): differ from the two above only where annotations cut tokens
  { key: 'slotF1Chars', label: 'slot F1 (chars)', items: 'slotCountsChars' },
  { key: 'frameChars', label: 'frame acc. (chars)', items: 'frameCorrectChars' },
] as const;
type Metric = (typeof METRICS)[number];

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

function load(gridDirectory: string, id: string, locale: string, part: 'test' | 'dev'): ItemsFile | undefined {
  // evaluate-run.ts names a test evaluation by its locale, any other by locale and partition
  const itemsFile = path.join(gridDirectory, id, 'metrics', `${part === 'test' ? locale : `${locale}.${part}`}.items.json`);
  return existsSync(itemsFile) ? (readJsonFile(itemsFile, 'per-utterance scores') as ItemsFile) : undefined;
}

const valueOn = (statistic: Statistic, n: number) => statistic(Int32Array.from({ length: n }, (_, i) => i));

/** A statistic over items with the seeds' per-item scores pooled. */
function pooledStatistic(metric: Metric, runs: readonly ItemsFile[]): Statistic | undefined {
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

/**
 * The grid's results: per run, locale and metric, the seeds' figures and a pooled estimate with a
 * 95 % bootstrap CI, and a paired bootstrap test against the baseline run. A run with a domainFrom
 * is scored with that run's domain predictions of the same seed. Runs or locales without metrics
 * yet (unfinished) are left out.
 */
export function collectCells(grid: GridConfig, plan: readonly PlannedRun[], gridDirectory: string): Cell[] {
  const cells: Cell[] = [];
  const loadSeeds = (run: string, locale: Locale) =>
    plan
      .filter((p) => p.run === run && p.evaluate.includes(locale))
      .map((p) => ({ seed: p.seed, id: p.id, items: load(gridDirectory, p.id, locale, p.partition) }))
      .filter((r): r is { seed: number; id: string; items: ItemsFile } => r.items !== undefined);
  const loadRun = (run: string, locale: Locale) => {
    const entry = grid.runs.find((e) => e.name === run)!;
    const domainSource = domainRun(entry, locale);
    if (domainSource === null || domainSource === run) return loadSeeds(run, locale);
    const domains = new Map(loadSeeds(domainSource, locale).map((r) => [r.seed, r]));
    // a seed whose domain run is not finished yet waits for it, as an unfinished run would
    return loadSeeds(run, locale).flatMap((r) => {
      const domain = domains.get(r.seed);
      return domain ? [{ ...r, items: withDomainOf(r.items, domain.items, { run: r.id, domainRun: domain.id }) }] : [];
    });
  };
  for (const entry of grid.runs) {
    for (const locale of entry.evaluate) {
      const runs = loadRun(entry.name, locale);
      if (runs.length === 0) continue;
      const reference = referenceRun(grid, entry, locale);
      const baseline = reference ? loadRun(reference, locale) : [];
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
          const sameItems = baseline[0]!.items.recordIds.join('\n') === runs[0]!.items.recordIds.join('\n');
          if (!sameItems) throw new Error(`${entry.name} and ${reference} were scored on different ${locale} test items`);
          const { difference, low, high, pValue } = pairedBootstrap(n, statistic, baselineStatistic);
          cell.versusBaseline = { against: reference!, difference, low, high, pValue };
        }
        cells.push(cell);
      }
    }
  }
  return cells;
}

const fixed = (x: number, digits = 4) => x.toFixed(digits);
const signed = (x: number, digits = 4) => `${x >= 0 ? '+' : ''}${fixed(x, digits)}`;

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

const COLOURS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/** Five horizontal grid lines from `low` to `high`, labelled on the left. */
function valueGrid(low: number, high: number, y: (v: number) => number, left: number, width: number): Markup[] {
  return [0, 1, 2, 3, 4].map((tick) => {
    const v = low + ((high - low) * tick) / 4;
    return fragment(
      h('line', { x1: left, x2: width - 10, y1: y(v), y2: y(v), stroke: '#ddd' }),
      h('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end', 'font-size': 11 }, v.toFixed(2)),
    );
  });
}

/** Bars with 95 % CI whiskers per run, grouped by locale, on the metric's 0–1 scale (inline SVG). */
function chart(cells: readonly Cell[], title: string): Markup {
  const locales = [...new Set(cells.map((c) => c.locale))];
  const runs = [...new Set(cells.map((c) => c.run))];
  const [width, height, left, bottom, top] = [Math.max(360, 60 + locales.length * (runs.length * 22 + 30)), 260, 50, 40, 30];
  const low = Math.max(0, Math.floor(Math.min(...cells.map((c) => c.low)) * 10) / 10 - 0.05);
  const high = Math.min(1, Math.ceil(Math.max(...cells.map((c) => c.high)) * 10) / 10);
  const y = (v: number) => top + (height - top - bottom) * (1 - (v - low) / (high - low || 1));
  const group = (width - left - 10) / locales.length;
  const bar = Math.min(20, (group - 20) / runs.length);
  const gridLines = valueGrid(low, high, y, left, width);
  const bars = locales.map((locale, l) => {
    const x0 = left + l * group + 10;
    const label = h('text', { x: x0 + (runs.length * bar) / 2, y: height - bottom + 18, 'text-anchor': 'middle', 'font-size': 12 }, locale);
    return fragment(
      label,
      runs.map((run, r) => {
        const c = cells.find((x) => x.locale === locale && x.run === run);
        if (!c) return null;
        const x = x0 + r * bar;
        const versus = c.versusBaseline ? `, Δ ${c.versusBaseline.difference.toFixed(4)}, p ${c.versusBaseline.pValue.toFixed(3)}` : '';
        const tip = `${run} ${locale}: ${c.estimate.toFixed(4)} (${c.low.toFixed(4)}–${c.high.toFixed(4)})${versus}`;
        return fragment(
          h(
            'rect',
            { x, y: y(c.estimate), width: bar - 2, height: y(low) - y(c.estimate), fill: COLOURS[r % COLOURS.length] },
            h('title', {}, tip),
          ),
          h('line', { x1: x + (bar - 2) / 2, x2: x + (bar - 2) / 2, y1: y(c.high), y2: y(c.low), stroke: '#222' }),
        );
      }),
    );
  });
  const swatch = (r: number) =>
    h('span', { style: `display:inline-block;width:10px;height:10px;background:${COLOURS[r % COLOURS.length]}` });
  const legend = runs.map((run, r) => h('span', { style: 'margin-right:1em' }, swatch(r), ` ${run}`));
  return fragment(
    h('h2', {}, title),
    h('svg', { xmlns: 'http://www.w3.org/2000/svg', width, height, role: 'img', 'aria-label': title }, gridLines, bars),
    h('p', {}, legend),
  );
}

/**
 * Learning curves of one locale: frame accuracy (with 95 % CI whiskers) against the target's training
 * size, one line per series, from the runs that declare a `curve` point. Sizes are evenly spaced in
 * their order (0, 100, …, all), not to scale.
 */
function learningCurves(grid: GridConfig, cells: readonly Cell[], locale: string): Markup | null {
  const points = grid.runs.flatMap((entry) => {
    const cell = cells.find((c) => c.run === entry.name && c.locale === locale && c.metric === 'frame');
    return entry.curve && cell ? [{ ...entry.curve, cell }] : [];
  });
  const sizes = [...new Set(points.map((p) => p.size))].sort((a, b) => (a ?? Infinity) - (b ?? Infinity));
  if (sizes.length < 2) return null;
  const series = [...new Set(points.map((p) => p.series))];
  const [width, height, left, bottom, top] = [Math.max(420, 80 + sizes.length * 90), 300, 50, 40, 20];
  const low = Math.max(0, Math.floor(Math.min(...points.map((p) => p.cell.low)) * 10) / 10);
  const high = Math.min(1, Math.ceil(Math.max(...points.map((p) => p.cell.high)) * 10) / 10);
  const y = (v: number) => top + (height - top - bottom) * (1 - (v - low) / (high - low || 1));
  const x = (size: number | null) => left + 30 + (sizes.indexOf(size) * (width - left - 60)) / (sizes.length - 1);
  const axis = sizes.map((size) =>
    h('text', { x: x(size), y: height - bottom + 18, 'text-anchor': 'middle', 'font-size': 12 }, size === null ? 'all' : String(size)),
  );
  const ticks = valueGrid(low, high, y, left, width);
  const lines = series.map((name, s) => {
    const colour = COLOURS[s % COLOURS.length];
    const ofSeries = points.filter((p) => p.series === name).sort((a, b) => sizes.indexOf(a.size) - sizes.indexOf(b.size));
    return fragment(
      h('polyline', {
        points: ofSeries.map((p) => `${x(p.size)},${y(p.cell.estimate)}`).join(' '),
        fill: 'none',
        stroke: colour,
        'stroke-width': 2,
      }),
      ofSeries.map((p) =>
        fragment(
          h('line', { x1: x(p.size), x2: x(p.size), y1: y(p.cell.high), y2: y(p.cell.low), stroke: colour }),
          h(
            'circle',
            { cx: x(p.size), cy: y(p.cell.estimate), r: 3, fill: colour },
            h('title', {}, `${p.cell.run}: ${p.cell.estimate.toFixed(4)} (${p.cell.low.toFixed(4)}–${p.cell.high.toFixed(4)})`),
          ),
        ),
      ),
    );
  });
  const title = `${locale}: frame accuracy by target training utterances`;
  const legend = series.map((name, s) =>
    h(
      'span',
      { style: 'margin-right:1em' },
      h('span', { style: `display:inline-block;width:14px;height:3px;background:${COLOURS[s % COLOURS.length]}` }),
      ` ${name}`,
    ),
  );
  return fragment(
    h('h2', {}, title),
    h('svg', { xmlns: 'http://www.w3.org/2000/svg', width, height, role: 'img', 'aria-label': title }, ticks, axis, lines),
    h('p', {}, legend),
  );
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

/** The self-contained HTML report: a chart and a table per metric. */
export function resultsHtml(grid: GridConfig, cells: readonly Cell[]): string {
  const sections = METRICS.filter((m) => cells.some((c) => c.metric === m.key)).map((metric) => {
    const ofMetric = cells.filter((c) => c.metric === metric.key);
    const note = domainSourcesNote(ofMetric);
    return fragment(
      chart(ofMetric, metric.label),
      note ? h('p', {}, note) : null,
      table(['run', 'locale', 'estimate', '95 % CI', 'per seed', 'compared to', 'Δ', 'Δ 95 % CI', 'p'], ofMetric.map(tableRow)),
    );
  });
  const byDefault = grid.baseline ? ` (by default ${grid.baseline})` : '';
  const scored = grid.partition === 'dev' ? 'Scored on the dev sets (for choosing methods; the test sets are not read). ' : '';
  const method = `${scored}Seeds ${grid.seeds.join(', ')}; 95 % bootstrap CIs over utterances with the seeds pooled; Δ, its CI and p: paired bootstrap against the run named in the table${byDefault}.`;
  const curves = [...new Set(cells.map((c) => c.locale))].map((locale) => learningCurves(grid, cells, locale));
  return page(grid.name, STYLE, h('h1', {}, grid.name), h('p', {}, grid.description), h('p', {}, method), curves, sections);
}
