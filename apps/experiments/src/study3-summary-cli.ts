/**
 * npx nx run experiments:study3-summary -- [--config=experiments/grids/study3.json] [--evaluate-dev] [--runs-dir=runs/grids]
 *
 * Issue 17's question per target and size, from Study 3's finished runs: the best setting with
 * shared-space vectors (strict lexicon) against the best without, each chosen on the target's dev
 * set, compared on test frame accuracy (paired bootstrap, seeds pooled), and against the
 * monolingual model. Prints a Markdown table; a row whose runs are not all finished says so. Then
 * a second table: block transfer against en-US + X trained together (issue 17 asks where transfer
 * earns its place), the declared pairs on test frame accuracy, no pick.
 */
import path from 'node:path';
import { parseCommandLine, parseLocale } from '@xlnlu/data';
import { planGrid, readGridConfig } from '@xlnlu/training';
import { devEvaluator } from './evaluate-on-dev.js';
import { missingDevScores, NotReadyToPick } from './pick-on-dev.js';
import {
  candidates,
  study3Summary,
  summaryMarkdown,
  transferMarkdown,
  transferVersusTogether,
  WITH_VECTORS,
  WITHOUT_VECTORS,
} from './study3-summary.js';

const { values } = parseCommandLine({
  usage: 'npx nx run experiments:study3-summary -- [options]',
  summary:
    'Study 3 (issue 17): per target and size, the best setting with shared-space vectors against the best without, each chosen on dev, compared on test frame accuracy; ' +
    'then block transfer against en-US + X trained together, without and with vectors.',
  options: {
    config: { type: 'string', default: 'experiments/grids/study3.json', help: 'the Study 3 grid file' },
    targets: { type: 'string', default: 'es-ES,it-IT,hi-IN,ja-JP', help: 'comma-separated target locales' },
    sizes: { type: 'string', default: '100,500,1000,2000,all', help: 'comma-separated target sizes, as the run names have them' },
    'evaluate-dev': {
      type: 'boolean',
      default: false,
      help: 'first evaluate on dev the finished runs that lack dev scores (kept in each run’s metrics/)',
    },
    'runs-dir': { type: 'string', default: 'runs/grids', help: 'where the grid’s directory is' },
    backend: { type: 'string', help: 'for --evaluate-dev: auto, node-gpu, node, wasm or cpu' },
    threads: { type: 'string', help: 'for --evaluate-dev: threads of the native core' },
  },
});

async function main(): Promise<void> {
  const grid = readGridConfig(values.config!);
  const gridDirectory = path.join(values['runs-dir']!, grid.name);
  const plan = planGrid(grid, gridDirectory);
  const targets = values.targets!.split(',').map((locale) => parseLocale(locale, '--targets'));
  const sizes = values.sizes!.split(',');
  const evaluateOnDev = devEvaluator(values);
  if (values['evaluate-dev'])
    for (const locale of targets)
      for (const size of sizes)
        for (const settings of [WITHOUT_VECTORS, WITH_VECTORS]) {
          const names = candidates(grid, settings, locale, size);
          if (names.length === 0) continue;
          let missing;
          try {
            missing = missingDevScores(grid, plan, gridDirectory, names, locale);
          } catch (error) {
            // no seed finished by every candidate yet: nothing to pick from (the row will say so)
            if (error instanceof NotReadyToPick) continue;
            throw error;
          }
          await evaluateOnDev(missing, gridDirectory, locale);
        }
  console.log(summaryMarkdown(study3Summary(grid, plan, gridDirectory, targets, sizes)));
  console.log(
    '\nBlock transfer against en-US + X trained together (test frame accuracy, transfer − together; the training each side did to add the target, ' +
      'every stage that trained on its records, epochs of each stage joined by +):\n',
  );
  console.log(transferMarkdown(transferVersusTogether(grid, plan, gridDirectory, targets, sizes)));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
