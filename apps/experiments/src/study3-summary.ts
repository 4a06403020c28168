import path from 'node:path';
import type { Locale } from '@xlnlu/data';
import { RunDirectory, type GridConfig, type PlannedRun } from '@xlnlu/training';
import { compareRuns, NoCommonSeed, type RunComparison } from './compare-runs.js';
import { NotReadyToPick, pickOnDev, type DevPick } from './pick-on-dev.js';
import { fixed, METRICS, signed } from './report.js';

/** Study 3's settings without shared-space vectors, and with them (strict lexicon: the run's own target records only). */
export const WITHOUT_VECTORS = ['maxent', 'mono', 'joint', 'xfer'] as const;
export const WITH_VECTORS = ['mono-vec', 'joint-vec', 'xfer-vec', 'xfer-vec-ft4'] as const;

/** Issue 17's question at one target size: the best setting with vectors against the best without, each chosen on dev. */
export interface SummaryRow {
  locale: Locale;
  size: string;
  /** Absent while some candidate has not finished a seed the others have (the row waits). */
  result?: {
    without: DevPick;
    with: DevPick;
    /** Frame accuracy on test, best with − best without, the seeds both finished pooled. */
    versusWithout: { seeds: number[]; frame: RunComparison };
    /** … and best with − the monolingual model without vectors. */
    versusMono: { seeds: number[]; frame: RunComparison };
  };
  waiting?: string;
}

/** The grid's run names of a setting list at one target and size, those the grid has (the quick grid lacks some). */
export function candidates(grid: GridConfig, settings: readonly string[], locale: Locale, size: string): string[] {
  return settings.map((setting) => `${setting}-${locale}-${size}`).filter((name) => grid.runs.some((r) => r.name === name));
}

const FRAME = METRICS.filter((m) => m.key === 'frame');

/** Frame accuracy of a against b on test (the only metric bootstrapped: a summary row needs no other). */
function frameOf(grid: GridConfig, plan: readonly PlannedRun[], gridDirectory: string, a: string, b: string, locale: Locale) {
  const { seeds, comparisons } = compareRuns(grid, plan, gridDirectory, { a, b }, locale, FRAME);
  return { seeds, frame: comparisons[0]! };
}

/**
 * Per target and size: each side's best setting on the target's dev frame accuracy (pick-on-dev.ts:
 * the test set is read for the two chosen runs only), then their test frame accuracy compared with
 * a paired bootstrap, and the best with vectors against the monolingual model.
 */
export function study3Summary(
  grid: GridConfig,
  plan: readonly PlannedRun[],
  gridDirectory: string,
  targets: readonly Locale[],
  sizes: readonly string[],
): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const locale of targets)
    for (const size of sizes) {
      const without = candidates(grid, WITHOUT_VECTORS, locale, size);
      const withVectors = candidates(grid, WITH_VECTORS, locale, size);
      if (without.length === 0 || withVectors.length === 0) continue;
      try {
        const pickWithout = pickOnDev(grid, plan, gridDirectory, without, locale);
        const pickWith = pickOnDev(grid, plan, gridDirectory, withVectors, locale);
        rows.push({
          locale,
          size,
          result: {
            without: pickWithout,
            with: pickWith,
            versusWithout: frameOf(grid, plan, gridDirectory, pickWith.chosen, pickWithout.chosen, locale),
            versusMono: frameOf(grid, plan, gridDirectory, pickWith.chosen, `mono-${locale}-${size}`, locale),
          },
        });
      } catch (error) {
        // an unfinished candidate or missing dev scores: the row says which, the others go on
        if (!(error instanceof NotReadyToPick)) throw error;
        rows.push({ locale, size, waiting: error.message });
      }
    }
  return rows;
}

const setting = (run: string, locale: Locale) => run.slice(0, run.indexOf(`-${locale}-`));
const p = (c: RunComparison) => (c.pValue < 0.001 ? '< 0.001' : fixed(c.pValue, 3));
const delta = (c: RunComparison) => `${signed(c.difference)} (${signed(c.low, 3)} to ${signed(c.high, 3)})`;

/** The rows as a Markdown table (frame accuracy; settings as the grid names them). */
export function summaryMarkdown(rows: readonly SummaryRow[]): string {
  const lines = [
    '| target | size | seeds | best without (dev frame) | test frame | best with vectors (dev frame) | test frame | Δ frame (95 % CI) | p | Δ vs mono | p |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const row of rows) {
    if (!row.result) {
      lines.push(`| ${row.locale} | ${row.size} | waiting: ${row.waiting!.replaceAll('|', '/')} | | | | | | | | |`);
      continue;
    }
    const { without, with: withVectors, versusWithout, versusMono } = row.result;
    const dev = (pick: DevPick) => fixed(pick.candidates.find((c) => c.run === pick.chosen)!.value);
    lines.push(
      `| ${row.locale} | ${row.size} | ${versusWithout.seeds.join(', ')} | ${setting(without.chosen, row.locale)} (${dev(without)}) | ` +
        `${fixed(versusWithout.frame.b)} | ${setting(withVectors.chosen, row.locale)} (${dev(withVectors)}) | ${fixed(versusWithout.frame.a)} | ` +
        `${delta(versusWithout.frame)} | ${p(versusWithout.frame)} | ${delta(versusMono.frame)} | ${p(versusMono.frame)} |`,
    );
  }
  return lines.join('\n');
}

/** Block transfer against training together, each pair declared before any run finished (no pick): [transfer, together]. */
export const TRANSFER_PAIRS = [
  ['xfer', 'joint'],
  ['xfer-vec', 'joint-vec'],
  ['xfer-vec-ft4', 'joint-vec'],
] as const;

/** One pair at one target and size: test frame accuracy, transfer − together, and the epochs each trained. */
export interface TransferPair {
  seeds: number[];
  frame: RunComparison;
  /**
   * Training each side did to add the target, mean over the seeds: epochs of each stage before dev
   * stopped it (or the epoch limit), and utterances trained on (epochs × training records, summed
   * over the stages: the fine-tuned transfer's epochs hold all four targets' records). The work
   * transfer may save.
   */
  training: { transfer: TrainingWork; together: TrainingWork };
}

/** One target and size: each transfer setting against en-US + X trained from scratch. */
export interface TransferRow {
  locale: Locale;
  size: string;
  /** In TRANSFER_PAIRS' order; absent where the grid lacks the pair or no seed is finished by both. */
  pairs: (TransferPair | undefined)[];
}

/** How much training adding the target took. */
export interface TrainingWork {
  /** Epochs of each stage, the first stage first (one stage but for a transfer from a run that trained on the target). */
  epochs: number[];
  /** Utterances trained on, all stages: epochs × training records. */
  utterances: number;
}

/**
 * The runs that trained on the target's records to make one run: the run, and each run it
 * transfers from that also trained on them (the fine-tuned transfer starts from xfer-vec, trained on
 * en-US + X), first stage first. The English model a team already has, trained without the target,
 * is no stage of adding it.
 */
function stagesOnTarget(plan: readonly PlannedRun[], id: string, locale: Locale): PlannedRun[] {
  const stages: PlannedRun[] = [];
  let run = plan.find((p) => p.id === id);
  while (run?.config.data.trainLocales.includes(locale)) {
    stages.unshift(run);
    const source = run.after[0];
    run = source === undefined ? undefined : plan.find((p) => p.id === source);
  }
  return stages;
}

/** The training of each stage, from its log: the epochs it trained × its training records. */
function trainingWork(plan: readonly PlannedRun[], gridDirectory: string, id: string, locale: Locale): TrainingWork {
  const stages = stagesOnTarget(plan, id, locale).map(({ id: stage }) => {
    const run = new RunDirectory(path.join(gridDirectory, stage));
    const epochs = run.epochScores().length;
    const records = run.readLog().find((l) => l.stage === 'data' && typeof l.train === 'number')?.train as number | undefined;
    if (records === undefined) throw new Error(`${run.logFile}: no "data" line with the "train" records`);
    return { epochs, utterances: epochs * records };
  });
  return { epochs: stages.map((s) => s.epochs), utterances: stages.reduce((sum, s) => sum + s.utterances, 0) };
}

/**
 * Where block transfer earns its place (issue 17): the transferred embeddings + encoder against the
 * same model trained on en-US + X from scratch, without and with vectors, and the fine-tuned
 * transfer against training together with vectors; seeds both finished pooled, paired bootstrap.
 * With the training each side did to add the target: every stage that trained on its records (a
 * team that has the English model pays for those only).
 */
export function transferVersusTogether(
  grid: GridConfig,
  plan: readonly PlannedRun[],
  gridDirectory: string,
  targets: readonly Locale[],
  sizes: readonly string[],
): TransferRow[] {
  const meanTraining = (name: string, seeds: readonly number[], locale: Locale): TrainingWork => {
    const works = plan.filter((p) => p.run === name && seeds.includes(p.seed)).map((p) => trainingWork(plan, gridDirectory, p.id, locale));
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    return {
      epochs: works[0]!.epochs.map((_, stage) => mean(works.map((work) => work.epochs[stage]!))),
      utterances: mean(works.map((work) => work.utterances)),
    };
  };
  const rows: TransferRow[] = [];
  for (const locale of targets)
    for (const size of sizes) {
      const pairs = TRANSFER_PAIRS.map(([transfer, together]): TransferPair | undefined => {
        const pair = candidates(grid, [transfer, together], locale, size);
        if (pair.length < 2) return undefined;
        const [a, b] = pair as [string, string];
        try {
          const { seeds, frame } = frameOf(grid, plan, gridDirectory, a, b, locale);
          return { seeds, frame, training: { transfer: meanTraining(a, seeds, locale), together: meanTraining(b, seeds, locale) } };
        } catch (error) {
          if (error instanceof NoCommonSeed) return undefined;
          throw error;
        }
      });
      if (pairs.some((pair) => pair)) rows.push({ locale, size, pairs });
    }
  return rows;
}

/**
 * The transfer rows as a Markdown table: per pair, both test frame accuracies, Δ (95 % CI) and p,
 * then each one's training (a transfer from a run trained on the target: its stages' epochs joined by +).
 */
export function transferMarkdown(rows: readonly TransferRow[]): string {
  const work = (w: TrainingWork) => `${w.epochs.map((e) => fixed(e, 1)).join(' + ')} (${Math.round(w.utterances / 1000)}k)`;
  const header = TRANSFER_PAIRS.flatMap(([transfer, together]) => [
    `${transfer} − ${together}: frame, Δ (95 % CI), p`,
    'epochs (utterances trained)',
  ]);
  const lines = [`| target | size | seeds | ${header.join(' | ')} |`, `|---|---|---|${header.map(() => '---|').join('')}`];
  for (const row of rows) {
    const seeds = [...new Set(row.pairs.flatMap((pair) => pair?.seeds ?? []))].sort((x, y) => x - y);
    const cells = row.pairs.flatMap((pair) =>
      pair
        ? [
            `${fixed(pair.frame.a)} − ${fixed(pair.frame.b)} = ${delta(pair.frame)}, p ${p(pair.frame)}` +
              (pair.seeds.length < seeds.length ? ` [seeds ${pair.seeds.join(', ')}]` : ''),
            `${work(pair.training.transfer)} / ${work(pair.training.together)}`,
          ]
        : ['–', '–'],
    );
    lines.push(`| ${row.locale} | ${row.size} | ${seeds.join(', ')} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}
