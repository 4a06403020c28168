import path from 'node:path';
import { z } from 'zod';
import { localeSchema, suggestion, type Locale } from '@xlnlu/data';
import { applyOverrides, parseExperimentConfig, type ExperimentConfig } from './experiment-config.js';
import { readJsonFile } from './json-file.js';
import { withoutSchemaKey } from './schema-key.js';

/** One run of the grid for every test locale, or one per locale. */
const runPerLocale = z
  .union([z.string(), z.record(localeSchema, z.string())])
  .nullable()
  .default(null);

const runEntry = z.strictObject({
  /** Names the run in tables and its directory: letters, digits, "_" and "-". */
  name: z.string().regex(/^[A-Za-z0-9_-]+$/u, 'letters, digits, "_" and "-" only'),
  /** The experiment config file the run starts from (path from the working directory). */
  config: z.string().min(1),
  /** Overrides (key.path=value) applied after the grid's own. */
  set: z.array(z.string()).default([]),
  /** Start from another run of this grid (same seed): its blocks to copy and freeze. */
  transfer: z
    .strictObject({
      from: z.string().min(1),
      copy: z.array(z.string().min(1)).min(1),
      freeze: z.array(z.string().min(1)).default([]),
      labelMap: z.record(z.string(), z.string()).default({}),
    })
    .nullable()
    .default(null),
  /** Test sets to evaluate on. */
  evaluate: z.array(localeSchema).min(1),
  /** A point of a learning curve in the HTML report: the curve (setting) it belongs to and its target training size (null = all). */
  curve: z
    .strictObject({ series: z.string().min(1), size: z.number().int().min(0).nullable() })
    .nullable()
    .default(null),
  /** The grid's seeds this run uses (all of them by default): e.g. one seed for the costliest runs. */
  seeds: z.array(z.number().int().min(0)).min(1).nullable().default(null),
  /**
   * The run this one is tested against instead of the grid's baseline: one run, or one per test
   * locale (a multilingual run against each language's own baseline).
   */
  compareTo: runPerLocale,
  /**
   * The run whose domain predictions score this one's domain and frame accuracy, as in the first
   * article, where a max-ent domain classifier picks the domain for every setting: one run, or one
   * per test locale. Without it the run's own domain (a joint model's, read off its intent) counts.
   */
  domainFrom: runPerLocale,
});

export const gridConfigSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9._-]+$/u, 'letters, digits, ".", "_" and "-" only (it names the grid directory)'),
  description: z.string().default(''),
  seeds: z.array(z.number().int().min(0)).min(1),
  /** Overrides applied to every run, before the run's own. */
  set: z.array(z.string()).default([]),
  /** The run every other one is compared with (paired bootstrap, per locale and metric). */
  baseline: z.string().nullable().default(null),
  /**
   * Words for the learning curves' legend, per curve series (`curve.series` of its runs): the report
   * names a series by its label where it has one, else by the series name.
   */
  seriesLabels: z.record(z.string(), z.string().min(1)).default({}),
  /** The partition every run is evaluated on: test (the studies), or dev (choosing methods and settings without reading test). */
  partition: z.enum(['test', 'dev']).default('test'),
  runs: z.array(runEntry).min(1),
});

export type GridConfig = z.infer<typeof gridConfigSchema>;
type RunEntry = GridConfig['runs'][number];

type RunPerLocale = RunEntry['compareTo'];

const runFor = (runs: RunPerLocale, locale: Locale): string | null =>
  runs === null || typeof runs === 'string' ? runs : (runs[locale] ?? null);

/** The run an entry is tested against on one test locale (its compareTo, else the grid's baseline); null for none or itself. */
export function referenceRun(grid: GridConfig, entry: RunEntry, locale: Locale): string | null {
  const reference = entry.compareTo === null ? grid.baseline : runFor(entry.compareTo, locale);
  return reference === entry.name ? null : reference;
}

/** The run whose domain predictions score an entry on one test locale; null when it keeps its own. */
export function domainRun(entry: RunEntry, locale: Locale): string | null {
  return runFor(entry.domainFrom, locale);
}

/** One training run of a grid: a run entry at one seed, with its fully resolved experiment config. */
export interface PlannedRun {
  /** `<run name>-s<seed>`: the run's directory name under the grid directory. */
  id: string;
  run: string;
  seed: number;
  config: ExperimentConfig;
  evaluate: Locale[];
  /** The partition it is evaluated on (the grid's). */
  partition: 'test' | 'dev';
  /** Ids of the runs that must be complete first (transfer sources). */
  after: string[];
}

/** Reads and validates a grid file; errors name the file and the field, unknown keys included. */
export function readGridConfig(file: string): GridConfig {
  const parsed = gridConfigSchema.safeParse(withoutSchemaKey(readJsonFile(file, 'grid file')));
  if (!parsed.success) {
    throw new Error(
      `${file}: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

function checkPerLocaleReferences(
  grid: GridConfig,
  entry: RunEntry,
  field: 'compareTo' | 'domainFrom',
  references: Partial<Record<Locale, string>>,
): void {
  for (const [locale, reference] of Object.entries(references) as [Locale, string][]) {
    const where = `grid ${grid.name}: run "${entry.name}", ${field}.${locale}`;
    if (!entry.evaluate.includes(locale))
      throw new Error(`${where}: the run is not evaluated on ${locale} (it is on ${entry.evaluate.join(', ')})`);
    const other = grid.runs.find((run) => run.name === reference);
    if (!other) throw new Error(`${where}: "${reference}" is not one of its runs (${grid.runs.map((run) => run.name).join(', ')})`);
    if (!other.evaluate.includes(locale))
      throw new Error(`${where}: "${reference}" is not evaluated on ${locale} (it is on ${other.evaluate.join(', ')})`);
  }
}

/**
 * The grid's runs × seeds in an order where every transfer source comes before the runs that use
 * it. Each run's config is its config file with the grid's and the run's overrides, its seed, the
 * name `<run>-s<seed>`, and a transfer from `<gridDirectory>/<source>-s<seed>`.
 */
export function planGrid(grid: GridConfig, gridDirectory: string): PlannedRun[] {
  const names = new Set<string>();
  for (const entry of grid.runs) {
    if (names.has(entry.name)) throw new Error(`grid ${grid.name}: two runs are named "${entry.name}"`);
    names.add(entry.name);
  }
  if (grid.baseline !== null && !names.has(grid.baseline))
    throw new Error(`grid ${grid.name}: baseline "${grid.baseline}" is not one of its runs (${[...names].join(', ')})`);
  for (const entry of grid.runs) {
    if (typeof entry.compareTo === 'string' && !names.has(entry.compareTo))
      throw new Error(
        `grid ${grid.name}: run "${entry.name}" is compared to "${entry.compareTo}", which is not one of its runs (${[...names].join(', ')})`,
      );
    if (entry.compareTo !== null && typeof entry.compareTo !== 'string')
      checkPerLocaleReferences(grid, entry, 'compareTo', entry.compareTo);
    // a domain source must score every test locale it is named for, so a one-run form means all of them
    const domainFrom = entry.domainFrom;
    if (typeof domainFrom === 'string')
      checkPerLocaleReferences(grid, entry, 'domainFrom', Object.fromEntries(entry.evaluate.map((locale) => [locale, domainFrom])));
    else if (domainFrom !== null) checkPerLocaleReferences(grid, entry, 'domainFrom', domainFrom);
  }
  const series = [...new Set(grid.runs.flatMap((entry) => (entry.curve ? [entry.curve.series] : [])))];
  for (const labelled of Object.keys(grid.seriesLabels))
    if (!series.includes(labelled))
      throw new Error(
        `grid ${grid.name}: seriesLabels names "${labelled}", which no run's curve.series is${suggestion(labelled, series)} (${series.join(', ') || 'no run declares a curve'})`,
      );
  const ordered: RunEntry[] = [];
  const visiting = new Set<string>();
  const visit = (entry: RunEntry) => {
    if (ordered.includes(entry)) return;
    if (visiting.has(entry.name)) throw new Error(`grid ${grid.name}: transfers form a cycle through "${entry.name}"`);
    visiting.add(entry.name);
    if (entry.transfer) {
      const source = grid.runs.find((other) => other.name === entry.transfer!.from);
      if (!source)
        throw new Error(
          `grid ${grid.name}: run "${entry.name}" transfers from "${entry.transfer.from}", which is not one of its runs (${[...names].join(', ')})`,
        );
      visit(source);
    }
    visiting.delete(entry.name);
    ordered.push(entry);
  };
  grid.runs.forEach(visit);
  for (const entry of grid.runs) {
    const extra = (entry.seeds ?? []).filter((seed) => !grid.seeds.includes(seed));
    if (extra.length > 0)
      throw new Error(
        `grid ${grid.name}: run "${entry.name}" asks for seeds ${extra.join(', ')}, which the grid's seeds (${grid.seeds.join(', ')}) lack`,
      );
    const source = entry.transfer && grid.runs.find((other) => other.name === entry.transfer!.from);
    const missing = source ? (entry.seeds ?? grid.seeds).filter((seed) => !(source.seeds ?? grid.seeds).includes(seed)) : [];
    if (missing.length > 0)
      throw new Error(
        `grid ${grid.name}: run "${entry.name}" transfers from "${source!.name}", which does not run seed ${missing.join(', ')}`,
      );
  }
  return grid.seeds.flatMap((seed) =>
    ordered
      .filter((entry) => (entry.seeds ?? grid.seeds).includes(seed))
      .map((entry) => {
        const id = `${entry.name}-s${seed}`;
        const where = `grid ${grid.name}, run ${entry.name}`;
        const overridden = applyOverrides(readJsonFile(entry.config, `${where}: config file`), [...grid.set, ...entry.set]) as Record<
          string,
          unknown
        >;
        const transfer = entry.transfer ? { ...entry.transfer, from: path.join(gridDirectory, `${entry.transfer.from}-s${seed}`) } : null;
        const config = parseExperimentConfig({ ...overridden, name: id, seed, transfer }, `${where} (${entry.config})`);
        return {
          id,
          run: entry.name,
          seed,
          config,
          evaluate: entry.evaluate,
          partition: grid.partition,
          after: entry.transfer ? [`${entry.transfer.from}-s${seed}`] : [],
        };
      }),
  );
}
