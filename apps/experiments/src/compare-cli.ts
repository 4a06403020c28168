/**
 * npx nx run experiments:compare -- --config=experiments/grids/<grid>.json --a=<run>[,<run>…] --b=<run>[,<run>…] --locale=<locale>
 *   [--pick-on=dev] [--pick-metric=frame] [--evaluate-dev] [--runs-dir=runs/grids]
 *
 * Two runs of a grid against each other on one locale (paired bootstrap on every metric, the seeds
 * both have finished pooled), from their saved per-utterance scores: nothing is trained. A side
 * given as several runs is the best of them on the locale's dev set (pick-on-dev.ts), so that "the
 * best setting with X against the best without" is chosen before the test scores are compared.
 * Prints Markdown.
 */
import path from 'node:path';
import { parseCommandLine, parseLocale } from '@xlnlu/data';
import { planGrid, readGridConfig } from '@xlnlu/training';
import { compareRuns, comparisonMarkdown } from './compare-runs.js';
import { devEvaluator } from './evaluate-on-dev.js';
import { missingDevScores, pickMarkdown, pickOnDev } from './pick-on-dev.js';
import { METRICS } from './report.js';

const { values } = parseCommandLine({
  usage:
    'npx nx run experiments:compare -- --config=experiments/grids/<grid>.json --a=<run>[,<run>…] --b=<run>[,<run>…] --locale=<locale> [options]',
  summary:
    "Compares two runs of a grid on one locale: every metric with a paired bootstrap (Δ = a − b, 95 % CI, p), the seeds both have finished pooled, from the runs' saved per-utterance scores. A side listing several runs is the best of them on the locale's dev set (--pick-on=dev).",
  options: {
    config: { type: 'string', help: 'the grid file (required)' },
    a: { type: 'string', help: 'a run name of the grid, without its seed, or several separated by commas (required)' },
    b: { type: 'string', help: 'the run it is compared against, or several separated by commas (required)' },
    locale: { type: 'string', help: 'the locale both are evaluated on (required)' },
    'pick-on': { type: 'string', help: 'where a side of several runs is chosen: dev (required with several runs)' },
    'pick-metric': { type: 'string', default: 'frame', help: `the dev metric that chooses: ${METRICS.map((m) => m.key).join(', ')}` },
    'evaluate-dev': {
      type: 'boolean',
      default: false,
      help: 'evaluate the candidates on dev first where they were not yet (their dev scores are kept in each run’s metrics/)',
    },
    'runs-dir': { type: 'string', default: 'runs/grids', help: 'where the grid’s directory is' },
    backend: {
      type: 'string',
      help: 'for --evaluate-dev: auto, node-gpu, node, wasm or cpu (default: $XLNLU_BACKEND, else the fastest that loads)',
    },
    threads: { type: 'string', help: 'for --evaluate-dev: threads of the native core (default: $XLNLU_THREADS, else the machine’s cores)' },
  },
});

async function main(): Promise<void> {
  for (const required of ['config', 'a', 'b', 'locale'] as const)
    if (!values[required]) throw new Error(`--${required} is required (see --help)`);
  const metric = METRICS.find((m) => m.key === values['pick-metric']);
  if (!metric) throw new Error(`--pick-metric: expected one of ${METRICS.map((m) => m.key).join(', ')}, got ${values['pick-metric']}`);
  const grid = readGridConfig(values.config!);
  const gridDirectory = path.join(values['runs-dir']!, grid.name);
  const plan = planGrid(grid, gridDirectory);
  const locale = parseLocale(values.locale!, '--locale');
  const sides = { a: values.a!.split(','), b: values.b!.split(',') };
  const several = Object.values(sides).some((runs) => runs.length > 1);
  if (several && values['pick-on'] !== 'dev')
    throw new Error('--a or --b lists several runs: add --pick-on=dev to choose each side’s best on the dev set');
  if (values['pick-on'] !== undefined && values['pick-on'] !== 'dev')
    throw new Error(`--pick-on: only dev can choose (the test set is what is compared), got ${values['pick-on']}`);
  const lines: string[] = [];
  const names = { a: sides.a[0]!, b: sides.b[0]! };
  const evaluateOnDev = devEvaluator(values);
  for (const side of ['a', 'b'] as const) {
    if (sides[side].length === 1) continue;
    if (values['evaluate-dev'])
      await evaluateOnDev(missingDevScores(grid, plan, gridDirectory, sides[side], locale), gridDirectory, locale);
    const pick = pickOnDev(grid, plan, gridDirectory, sides[side], locale, metric.key);
    names[side] = pick.chosen;
    lines.push(pickMarkdown(side, pick));
  }
  const { seeds, comparisons } = compareRuns(grid, plan, gridDirectory, names, locale);
  console.log([...lines, ...(lines.length ? [''] : []), comparisonMarkdown(names, locale, seeds, comparisons)].join('\n'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
