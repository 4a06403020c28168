import { expect } from 'chai';
import type { GridConfig } from '@xlnlu/training';
import { resultsMarkdown, type Cell } from './report.js';

describe('grid report tables', () => {
  const grid = { name: 'g', description: 'a grid', seeds: [0, 1, 2], baseline: null, runs: [] } as unknown as GridConfig;
  const cell = (run: string, seeds: number[], versus?: Cell['versusBaseline']): Cell => ({
    run,
    locale: 'ja-JP',
    metric: 'slotF1',
    seeds,
    perSeed: seeds.map(() => 0.5),
    estimate: 0.5,
    low: 0.45,
    high: 0.55,
    ...(versus ? { versusBaseline: versus } : {}),
  });

  it('says which seeds a cell pools while a grid is still running, and nothing once all are in', () => {
    const markdown = resultsMarkdown(grid, [
      cell('scratch', [0, 1, 2]),
      cell('transfer', [0], { against: 'scratch', difference: 0.07, low: 0.055, high: 0.086, pValue: 0.001 }),
    ]);
    expect(markdown).to.include('| scratch | 0.5000 (0.450–0.550) |');
    expect(markdown).to.include('| transfer | 0.5000 (0.450–0.550) Δ +0.0700 (+0.055 to +0.086) vs scratch, p 0.001 [seeds 0 of 3] |');
  });
});
