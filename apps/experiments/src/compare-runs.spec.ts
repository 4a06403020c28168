import { expect } from 'chai';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { GridConfig, PlannedRun } from '@xlnlu/training';
import { compareRuns, comparisonMarkdown } from './compare-runs.js';
import type { ItemsFile } from './domain-pairing.js';

describe('comparing two runs of a grid', () => {
  const n = 200;
  const recordIds = Array.from({ length: n }, (_, i) => String(i));
  // "vec" gets 80 % of frames right at seed 0 and 70 % at seed 1, "plain" 50 % at both
  const items = (rightOf100: number, seed: number): ItemsFile => {
    const correct = recordIds.map((_, i) => ((i + seed) % 100 < rightOf100 ? 1 : 0));
    return { recordIds, intentCorrect: correct, frameCorrect: correct };
  };
  const directory = mkdtempSync(path.join(tmpdir(), 'xlnlu-compare-'));
  const write = (id: string, file: ItemsFile) => {
    mkdirSync(path.join(directory, id, 'metrics'), { recursive: true });
    writeFileSync(path.join(directory, id, 'metrics', 'es-ES.items.json'), JSON.stringify(file));
  };
  write('vec-s0', items(80, 0));
  write('vec-s1', items(70, 1));
  write('plain-s0', items(50, 0));
  write('plain-s1', items(50, 1));
  // seed 2 of "plain" is not finished: only seeds 0 and 1 pair
  write('vec-s2', items(90, 2));
  const runs = ['vec', 'plain'].map((name) => ({ name, evaluate: ['es-ES'], compareTo: null, domainFrom: null }));
  const grid = { name: 'g', seeds: [0, 1, 2], baseline: null, runs } as unknown as GridConfig;
  const plan = runs.flatMap((r) =>
    [0, 1, 2].map((seed) => ({ id: `${r.name}-s${seed}`, run: r.name, seed, evaluate: ['es-ES'], partition: 'test' })),
  ) as unknown as PlannedRun[];

  it('pools the seeds both runs have finished and tests the difference on every metric they have', () => {
    const { seeds, comparisons } = compareRuns(grid, plan, directory, { a: 'vec', b: 'plain' }, 'es-ES');
    expect(seeds).to.deep.equal([0, 1]);
    expect(comparisons.map((c) => c.metric)).to.deep.equal(['intent', 'frame']);
    const frame = comparisons.find((c) => c.metric === 'frame')!;
    // vec: (0.80 + 0.70) / 2 over the pooled seeds (seed 2's 0.90 left out); plain 0.50
    expect(frame.a).to.be.closeTo(0.75, 1e-12);
    expect(frame.b).to.be.closeTo(0.5, 1e-12);
    expect(frame.difference).to.be.closeTo(0.25, 1e-12);
    expect(frame.low).to.be.above(0.15);
    expect(frame.pValue).to.be.below(0.01);
    expect(comparisonMarkdown({ a: 'vec', b: 'plain' }, 'es-ES', seeds, comparisons)).to.include(
      '| frame acc. | 0.7500 | 0.5000 | +0.2500 (',
    );
  });

  it('names the nearest run for a misspelt one, the run’s locales for another, and the seeds when none pair', () => {
    expect(() => compareRuns(grid, plan, directory, { a: 'vex', b: 'plain' }, 'es-ES')).to.throw('no run "vex" (nearest: "vec")');
    expect(() => compareRuns(grid, plan, directory, { a: 'vec', b: 'plain' }, 'it-IT')).to.throw('not evaluated on it-IT (only on es-ES)');
    const unfinished = plan.map((p) => (p.run === 'plain' ? { ...p, id: `missing-${p.id}` } : p));
    expect(() => compareRuns(grid, unfinished, directory, { a: 'vec', b: 'plain' }, 'es-ES')).to.throw(
      'no seed of es-ES is finished for both runs ("vec": 0, 1, 2; "plain": none)',
    );
  });
});
