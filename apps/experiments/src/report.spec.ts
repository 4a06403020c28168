import { expect } from 'chai';
import type { GridConfig } from '@xlnlu/training';
import { resultsHtml, resultsMarkdown, type Cell } from './report.js';

describe('grid report tables', () => {
  const grid = { name: 'g', description: 'a grid', seeds: [0, 1, 2], baseline: null, seriesLabels: {}, runs: [] } as unknown as GridConfig;
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

  it('draws a learning curve per locale from the runs that declare curve points, one line per series', () => {
    const entry = (name: string, series: string, size: number | null) => ({ name, curve: { series, size } });
    const curveGrid = {
      ...grid,
      // the legend follows the labels' order, then the unlabelled series
      seriesLabels: { b: 'b, in words' },
      runs: [entry('a-100', 'a', 100), entry('a-all', 'a', null), entry('b-100', 'b', 100), entry('b-all', 'b', null)],
    } as unknown as GridConfig;
    const frame = (run: string, estimate: number): Cell => ({
      ...cell(run, [0, 1, 2]),
      metric: 'frame',
      estimate,
      low: estimate - 0.02,
      high: estimate + 0.02,
    });
    const html = resultsHtml(curveGrid, [frame('a-100', 0.3), frame('a-all', 0.6), frame('b-100', 0.4), frame('b-all', 0.62)]);
    expect(html).to.include('ja-JP: frame accuracy by target training utterances');
    // Observable Plot's line mark: one path per series
    const lines = /aria-label="line">(.*?)<\/g>/su.exec(html)![1]!;
    expect(lines.match(/<path /g)).to.have.length(2);
    expect(html).to.include('>all</text>');
    expect(html).to.include('<title>b-100: 0.4000 (0.3800–0.4200)</title>');
    // the legend: a series' label where the grid has one, else its name
    const swatches = [...html.matchAll(/<\/svg>([^<]*)<\/span>/gu)].map((m) => m[1]);
    expect(swatches).to.deep.equal(['b, in words', 'a']);
    // a single size is no curve
    const one = resultsHtml({ ...curveGrid, runs: [entry('a-100', 'a', 100)] } as unknown as GridConfig, [frame('a-100', 0.3)]);
    expect(one).to.not.include('by target training utterances');
  });

  it('draws each metric on its whole 0–1 scale with CIs, and a forest plot of the differences with 0 marked', () => {
    const html = resultsHtml(grid, [
      cell('scratch', [0]),
      cell('transfer', [0], { against: 'scratch', difference: 0.07, low: 0.055, high: 0.086, pValue: 0.001 }),
    ]);
    expect(html).to.include('slot F1 (estimate and 95 % CI)');
    expect(html).to.include('Δ slot F1 against the reference (95 % CI)');
    expect(html).to.include('<title>Δ 0.0700, p 0.001</title>');
    // the x axis of the estimates runs from 0 to 1, whatever the values
    expect(html).to.match(/>0\.0<\/text>/u);
    expect(html).to.match(/>1\.0<\/text>/u);
    expect(html, 'a static page').to.not.include('<script');
  });
});
