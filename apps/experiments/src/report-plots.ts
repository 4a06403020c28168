import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { Markup } from './html.js';
import type { RunDetails } from './run-details.js';

/** What the plots read of a report cell (report.ts's Cell), declared here so that report.ts may import the plots. */
export interface Cell {
  run: string;
  locale: string;
  estimate: number;
  low: number;
  high: number;
  versusBaseline?: { against: string; difference: number; low: number; high: number; pValue: number };
}

/** Observable Plot draws into a DOM; linkedom is one without a browser, so the report stays a static, self-contained page. */
const { document } = parseHTML('<!doctype html><html><body></body></html>') as unknown as { document: Plot.PlotOptions['document'] };

const svg = (options: Plot.PlotOptions): Markup =>
  new Markup((Plot.plot({ document, ...options }) as unknown as { outerHTML: string }).outerHTML);

const ROW = 16;

/** `locale  run`: one row per cell; Plot's facets would share one y scale, listing every run in every locale. */
const rowOf = (locale: string, run: string) => `${locale}  ${run}`;

/** Estimates with their 95 % CIs as dots and whiskers, a row per run and locale, on the metric's whole 0–1 scale. */
export function estimatesPlot(cells: readonly Cell[], label: string): Markup {
  // grouped by locale, runs in the grid's order within each
  const rows = [...cells].sort((a, b) => a.locale.localeCompare(b.locale)).map((c) => ({ ...c, row: rowOf(c.locale, c.run) }));
  return svg({
    width: 760,
    height: 50 + rows.length * ROW,
    marginLeft: 240,
    x: { domain: [0, 1], label: `${label} (estimate and 95 % CI) →`, grid: true },
    y: { label: null, domain: rows.map((r) => r.row) },
    marks: [
      Plot.ruleY(rows, { x1: 'low', x2: 'high', y: 'row', stroke: '#555' }),
      Plot.dot(rows, {
        x: 'estimate',
        y: 'row',
        fill: '#4e79a7',
        r: 3,
        title: (c: Cell) => `${c.run} ${c.locale}: ${c.estimate.toFixed(4)} (${c.low.toFixed(4)}–${c.high.toFixed(4)})`,
      }),
    ],
  });
}

/** A forest plot: each run's difference from its reference with the paired bootstrap's 95 % CI, 0 marked; red where p < 0.05. */
export function forestPlot(cells: readonly Cell[], label: string): Markup | null {
  const rows = [...cells]
    .sort((a, b) => a.locale.localeCompare(b.locale))
    .filter((c) => c.versusBaseline)
    .map((c) => ({ ...c.versusBaseline!, row: rowOf(c.locale, `${c.run} − ${c.versusBaseline!.against}`) }));
  if (rows.length === 0) return null;
  const extent = Math.max(0.01, ...rows.map((r) => Math.max(Math.abs(r.low), Math.abs(r.high))));
  return svg({
    width: 760,
    height: 50 + rows.length * ROW,
    marginLeft: 340,
    x: { domain: [-extent, extent], label: `Δ ${label} against the reference (95 % CI) →`, grid: true },
    y: { label: null, domain: rows.map((r) => r.row) },
    marks: [
      Plot.ruleX([0], { stroke: '#999' }),
      Plot.ruleY(rows, { x1: 'low', x2: 'high', y: 'row', stroke: (r: { pValue: number }) => (r.pValue < 0.05 ? '#c0392b' : '#555') }),
      Plot.dot(rows, {
        x: 'difference',
        y: 'row',
        r: 3,
        fill: (r: { difference: number }) => (r.difference >= 0 ? '#2e7d32' : '#c0392b'),
        title: (r: { difference: number; pValue: number }) => `Δ ${r.difference.toFixed(4)}, p ${r.pValue.toFixed(3)}`,
      }),
    ],
  });
}

/** Training curves: the dev score that chooses the epoch, per epoch, one line per run (its first seed). */
export function trainingCurvesPlot(details: readonly RunDetails[]): Markup | null {
  const points = firstSeedOf(details, (d) => d.curve.length > 1).flatMap((d) => d.curve.map((p) => ({ ...p, run: d.run })));
  if (points.length === 0) return null;
  return svg({
    width: 760,
    height: 320,
    y: { domain: [0, 1], label: '↑ dev score (frame accuracy; F1 for NER)', grid: true },
    x: { label: 'epoch →' },
    color: { legend: true },
    marks: [
      Plot.line(points, { x: 'epoch', y: 'score', stroke: 'run', title: 'run' }),
      Plot.dot(points, { x: 'epoch', y: 'score', fill: 'run', r: 2 }),
    ],
  });
}

/** F1 per slot type of each run (first seed) on one locale: a dot per run, a row per type. */
export function slotTypePlot(details: readonly RunDetails[], locale: string): Markup | null {
  const rows = firstSeedOf(details, hasResults).flatMap((d) =>
    Object.entries(d.slotF1PerType[locale] ?? {}).map(([type, f1]) => ({ type, f1, run: d.run })),
  );
  if (rows.length === 0) return null;
  const types = new Set(rows.map((r) => r.type)).size;
  return svg({
    width: 760,
    height: 60 + types * ROW,
    marginLeft: 160,
    x: { domain: [0, 1], label: `${locale}: slot F1 per type →`, grid: true },
    y: { label: null },
    color: { legend: true },
    marks: [
      Plot.dot(rows, { x: 'f1', y: 'type', fill: 'run', r: 3, title: (r: { run: string; f1: number }) => `${r.run}: ${r.f1.toFixed(3)}` }),
    ],
  });
}

/** Intent accuracy per intent of each run (first seed) on one locale, from the predictions files. */
export function intentPlot(details: readonly RunDetails[], locale: string): Markup | null {
  const rows = firstSeedOf(details, hasResults).flatMap((d) => {
    const pairs = d.intents[locale] ?? [];
    const byIntent = new Map<string, { right: number; all: number }>();
    for (const { gold, predicted } of pairs) {
      const counts = byIntent.get(gold) ?? { right: 0, all: 0 };
      counts.all++;
      if (gold === predicted) counts.right++;
      byIntent.set(gold, counts);
    }
    return [...byIntent].map(([intent, { right, all }]) => ({ intent, accuracy: right / all, all, run: d.run }));
  });
  if (rows.length === 0) return null;
  const intents = new Set(rows.map((r) => r.intent)).size;
  return svg({
    width: 760,
    height: 60 + intents * 12,
    marginLeft: 200,
    x: { domain: [0, 1], label: `${locale}: intent accuracy per gold intent →`, grid: true },
    y: { label: null },
    color: { legend: true },
    marks: [
      Plot.dot(rows, {
        x: 'accuracy',
        y: 'intent',
        fill: 'run',
        r: 3,
        title: (r: { run: string; accuracy: number; all: number }) => `${r.run}: ${r.accuracy.toFixed(3)} of ${r.all}`,
      }),
    ],
  });
}

/** The most frequent confusions of one run on one locale (gold → predicted, count): a confusion matrix's off-diagonal, largest first. */
export function confusions(details: RunDetails, locale: string, top = 15): { gold: string; predicted: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const { gold, predicted } of details.intents[locale] ?? [])
    if (gold !== predicted) counts.set(`${gold}\t${predicted}`, (counts.get(`${gold}\t${predicted}`) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, top)
    .map(([pair, count]) => {
      const [gold, predicted] = pair.split('\t') as [string, string];
      return { gold, predicted, count };
    });
}

const hasResults = (d: RunDetails) => Object.keys(d.slotF1PerType).length > 0 || Object.keys(d.intents).length > 0;

/** Each run's first seed that has what a plot shows. */
function firstSeedOf(details: readonly RunDetails[], has: (d: RunDetails) => boolean): RunDetails[] {
  const first = new Map<string, RunDetails>();
  for (const d of details) if (has(d) && !first.has(d.run)) first.set(d.run, d);
  return [...first.values()];
}
/**
 * Frame accuracy against training size (an ordinal axis: 0, 100, …, all), one line per series, CIs
 * as whiskers; the legend lists the series in the order given.
 */
export function curvePlot(
  points: readonly { series: string; size: number | null; cell: Cell }[],
  sizes: readonly (number | null)[],
  series: readonly string[],
): Markup {
  const rows = points.map((p) => ({ series: p.series, size: p.size === null ? 'all' : String(p.size), ...p.cell }));
  return svg({
    width: 760,
    height: 340,
    x: { domain: sizes.map((s) => (s === null ? 'all' : String(s))), label: 'target training utterances →', type: 'point', padding: 0.3 },
    y: { domain: [0, 1], label: '↑ frame accuracy (95 % CI)', grid: true },
    color: { legend: true, domain: [...series] },
    marks: [
      Plot.ruleX(rows, { x: 'size', y1: 'low', y2: 'high', stroke: 'series' }),
      Plot.line(rows, { x: 'size', y: 'estimate', stroke: 'series' }),
      Plot.dot(rows, {
        x: 'size',
        y: 'estimate',
        fill: 'series',
        r: 3,
        title: (r: Cell) => `${r.run}: ${r.estimate.toFixed(4)} (${r.low.toFixed(4)}–${r.high.toFixed(4)})`,
      }),
    ],
  });
}
