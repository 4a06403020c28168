/**
 * npx nx run experiments:compare -- --config=experiments/grids/<grid>.json --a=<run> --b=<run> --locale=<locale> [--runs-dir=runs/grids]
 *
 * Two runs of a grid against each other on one locale (paired bootstrap on every metric, the seeds
 * both have finished pooled), from their saved per-utterance scores: nothing is trained or read
 * again. Prints a Markdown table.
 */
import path from 'node:path';
import { parseCommandLine, type Locale } from '@xlnlu/data';
import { planGrid, readGridConfig } from '@xlnlu/training';
import { compareRuns, comparisonMarkdown } from './compare-runs.js';

const { values } = parseCommandLine({
  usage: 'npx nx run experiments:compare -- --config=experiments/grids/<grid>.json --a=<run> --b=<run> --locale=<locale> [options]',
  summary:
    "Compares two runs of a grid on one locale: every metric with a paired bootstrap (Δ = a − b, 95 % CI, p), the seeds both have finished pooled, from the runs' saved per-utterance scores.",
  options: {
    config: { type: 'string', help: 'the grid file (required)' },
    a: { type: 'string', help: 'a run name of the grid, without its seed (required)' },
    b: { type: 'string', help: 'the run it is compared against (required)' },
    locale: { type: 'string', help: 'the locale both are evaluated on (required)' },
    'runs-dir': { type: 'string', default: 'runs/grids', help: 'where the grid’s directory is' },
  },
});

try {
  for (const required of ['config', 'a', 'b', 'locale'] as const)
    if (!values[required]) throw new Error(`--${required} is required (see --help)`);
  const grid = readGridConfig(values.config!);
  const gridDirectory = path.join(values['runs-dir']!, grid.name);
  const names = { a: values.a!, b: values.b! };
  const locale = values.locale as Locale;
  const { seeds, comparisons } = compareRuns(grid, planGrid(grid, gridDirectory), gridDirectory, names, locale);
  console.log(comparisonMarkdown(names, locale, seeds, comparisons));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
