import { expect } from 'chai';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { GridConfig, PlannedRun } from '@xlnlu/training';
import type { ItemsFile } from './domain-pairing.js';
import { missingDevScores, pickMarkdown, pickOnDev } from './pick-on-dev.js';

describe('picking the best of several runs on dev', () => {
  const n = 100;
  const recordIds = Array.from({ length: n }, (_, i) => String(i));
  const items = (right: number): ItemsFile => {
    const correct = recordIds.map((_, i) => (i < right ? 1 : 0));
    return { recordIds, intentCorrect: correct, frameCorrect: correct };
  };
  const directory = mkdtempSync(path.join(tmpdir(), 'xlnlu-pick-'));
  const write = (id: string, file: string, scores: ItemsFile) => {
    mkdirSync(path.join(directory, id, 'metrics'), { recursive: true });
    writeFileSync(path.join(directory, id, 'metrics', file), JSON.stringify(scores));
  };
  // test scores say "late" is best; dev says "early": the pick must follow dev
  const dev = { early: [70, 60, 90], late: [50, 50, 50], none: [40, 40, 40], same: [50, 50, 50] };
  const test = { early: 55, late: 80, none: 45, same: 20 };
  for (const [run, perSeed] of Object.entries(dev))
    for (const seed of [0, 1]) {
      write(`${run}-s${seed}`, 'es-ES.items.json', items(test[run as keyof typeof test]));
      write(`${run}-s${seed}`, 'es-ES.dev.items.json', items(perSeed[seed]!));
    }
  // seed 2 only for "early" (and its dev 0.90 must not count: the others have not finished seed 2)
  write('early-s2', 'es-ES.items.json', items(60));
  write('early-s2', 'es-ES.dev.items.json', items(dev.early[2]!));
  // "undev" finished on test but was never evaluated on dev
  write('undev-s0', 'es-ES.items.json', items(10));
  write('undev-s1', 'es-ES.items.json', items(10));
  const names = ['early', 'late', 'none', 'same', 'undev'];
  const runs = names.map((name) => ({ name, evaluate: ['es-ES'], compareTo: null, domainFrom: null }));
  const grid = { name: 'g', seeds: [0, 1, 2], baseline: null, runs } as unknown as GridConfig;
  const plan = names.flatMap((name) =>
    [0, 1, 2].map((seed) => ({ id: `${name}-s${seed}`, run: name, seed, evaluate: ['es-ES'], partition: 'test' })),
  ) as unknown as PlannedRun[];

  it('chooses the best dev value over the seeds every candidate finished, whatever the test scores say', () => {
    const pick = pickOnDev(grid, plan, directory, ['late', 'early', 'none'], 'es-ES');
    expect(pick.seeds).to.deep.equal([0, 1]);
    expect(pick.chosen).to.equal('early');
    expect(pick.candidates.map((c) => c.value)).to.deep.equal([0.5, 0.65, 0.4]);
    expect(pickMarkdown('a', pick)).to.equal(
      '- a: best on dev frame acc. (seeds 0, 1 pooled) of late 0.5000, **early 0.6500**, none 0.4000',
    );
  });

  it('picks on the metric asked for, and the first listed on a tie', () => {
    expect(pickOnDev(grid, plan, directory, ['none', 'late'], 'es-ES', 'intent').chosen).to.equal('late');
    expect(pickOnDev(grid, plan, directory, ['late', 'same'], 'es-ES').chosen).to.equal('late');
    expect(pickOnDev(grid, plan, directory, ['same', 'late'], 'es-ES').chosen).to.equal('same');
  });

  it('names the runs without dev scores instead of choosing without them, and lists them for --evaluate-dev', () => {
    expect(() => pickOnDev(grid, plan, directory, ['early', 'undev'], 'es-ES')).to.throw(
      'no es-ES dev scores for undev-s0, undev-s1: add --evaluate-dev',
    );
    expect(missingDevScores(grid, plan, directory, ['early', 'undev'], 'es-ES').map((p) => p.id)).to.deep.equal(['undev-s0', 'undev-s1']);
    expect(missingDevScores(grid, plan, directory, ['early', 'late'], 'es-ES')).to.deep.equal([]);
  });

  it('refuses to pick in a grid scored on dev, where the comparison would read the set the pick was made on', () => {
    const onDev = plan.map((p) => ({ ...p, partition: 'dev' as const }));
    expect(() => pickOnDev(grid, onDev, directory, ['early', 'late'], 'es-ES')).to.throw('grid g is scored on dev');
  });

  it('refuses a misspelt run and candidates with no seed in common', () => {
    expect(() => pickOnDev(grid, plan, directory, ['erly', 'late'], 'es-ES')).to.throw('no run "erly" (nearest: "early")');
    const onlySeed2 = plan.map((p) => (p.run === 'late' && p.seed !== 2 ? { ...p, id: `missing-${p.id}` } : p));
    expect(() => pickOnDev(grid, onlySeed2, directory, ['early', 'late'], 'es-ES')).to.throw(
      'no seed of es-ES is finished for every candidate ("early": 0, 1, 2; "late": none)',
    );
  });
});
