import { expect } from 'chai';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { GridConfig, PlannedRun } from '@xlnlu/training';
import type { ItemsFile } from './domain-pairing.js';
import { study3Summary, summaryMarkdown, transferMarkdown, transferVersusTogether } from './study3-summary.js';

describe('the Study 3 summary: best with vectors against best without, each chosen on dev', () => {
  const n = 200;
  const recordIds = Array.from({ length: n }, (_, i) => String(i));
  const items = (rightOf100: number): ItemsFile => {
    const correct = recordIds.map((_, i) => (i % 100 < rightOf100 ? 1 : 0));
    return { recordIds, intentCorrect: correct, frameCorrect: correct };
  };
  const directory = mkdtempSync(path.join(tmpdir(), 'xlnlu-study3-summary-'));
  // [dev, test] frame accuracy (of 100) per setting at es-ES 500
  const scores: Record<string, [number, number]> = {
    maxent: [20, 23],
    mono: [18, 19],
    joint: [29, 28],
    // best without on test, but not on dev: the pick must not see test
    xfer: [26, 35],
    'mono-vec': [13, 13],
    'joint-vec': [42, 40],
    'xfer-vec': [41, 44],
    'xfer-vec-ft4': [38, 43],
  };
  const names: string[] = [];
  for (const [setting, [dev, test]] of Object.entries(scores)) {
    const id = `${setting}-es-ES-500-s0`;
    names.push(`${setting}-es-ES-500`);
    mkdirSync(path.join(directory, id, 'metrics'), { recursive: true });
    writeFileSync(path.join(directory, id, 'metrics', 'es-ES.items.json'), JSON.stringify(items(test)));
    writeFileSync(path.join(directory, id, 'metrics', 'es-ES.dev.items.json'), JSON.stringify(items(dev)));
  }
  // size 1000 is planned but nothing of it has finished
  for (const setting of Object.keys(scores)) names.push(`${setting}-es-ES-1000`);
  // the English source a team has (trained without es-ES), and what each run transfers from
  names.push('en-vec');
  const sources: Record<string, string> = { 'xfer-vec': 'en-vec', 'xfer-vec-ft4': 'xfer-vec-es-ES-500' };
  const grid = {
    name: 'g',
    seeds: [0],
    baseline: null,
    runs: names.map((name) => ({ name, evaluate: ['es-ES'], compareTo: null, domainFrom: null })),
  } as unknown as GridConfig;
  const plan = names.map((run) => {
    const source = sources[run.replace(/-es-ES-\d+$/u, '')];
    const trainLocales = run === 'en-vec' ? ['en-US'] : ['en-US', 'es-ES'];
    return {
      id: `${run}-s0`,
      run,
      seed: 0,
      evaluate: ['es-ES'],
      partition: 'test',
      config: { data: { trainLocales } },
      after: source ? [`${source}-s0`] : [],
    };
  }) as unknown as PlannedRun[];

  it('chooses each side on dev and compares the two choices, and the best with against mono, on test', () => {
    const [row, waiting] = study3Summary(grid, plan, directory, ['es-ES'], ['500', '1000']);
    expect(row!.result!.without.chosen).to.equal('joint-es-ES-500');
    expect(row!.result!.with.chosen).to.equal('joint-vec-es-ES-500');
    const { versusWithout, versusMono } = row!.result!;
    expect(versusWithout.seeds).to.deep.equal([0]);
    expect(versusWithout.frame.a).to.be.closeTo(0.4, 1e-12);
    expect(versusWithout.frame.b).to.be.closeTo(0.28, 1e-12);
    expect(versusWithout.frame.pValue).to.be.below(0.01);
    expect(versusMono.frame.difference).to.be.closeTo(0.21, 1e-12);
    expect(waiting!.result).to.equal(undefined);
    expect(waiting!.waiting).to.include('no seed of es-ES is finished for every candidate');
  });

  it('stops on a fault rather than showing it as a row still waiting (an unreadable dev file)', () => {
    const id = 'mono-es-ES-500-s0';
    const file = path.join(directory, id, 'metrics', 'es-ES.dev.items.json');
    writeFileSync(file, '{ not json');
    try {
      expect(() => study3Summary(grid, plan, directory, ['es-ES'], ['500'])).to.throw(/es-ES\.dev\.items\.json/);
    } finally {
      writeFileSync(file, JSON.stringify(items(scores.mono![0])));
    }
  });

  it('writes a row per target and size, naming the chosen settings with their dev figures', () => {
    const markdown = summaryMarkdown(study3Summary(grid, plan, directory, ['es-ES'], ['500', '1000']));
    const lines = markdown.split('\n');
    expect(lines).to.have.length(4);
    expect(lines[2]).to.match(/^\| es-ES \| 500 \| 0 \| joint \(0\.2900\) \| 0\.2800 \| joint-vec \(0\.4200\) \| 0\.4000 \| \+0\.1200 \(/);
    expect(lines[3]).to.match(/^\| es-ES \| 1000 \| waiting: /);
  });

  it('sets block transfer against training together, pair by pair, on test, without a pick, with the training each did to add the target', () => {
    // xfer trained 6 epochs of 3,000 records, joint 9 of 2,500 (a resumed run logs its last epoch twice: counted once)
    const log = (records: number, epochs: number[]) =>
      [{ stage: 'data', train: records }, ...epochs.map((epoch) => ({ stage: 'joint', epoch, score: 0.1 * epoch }))]
        .map((line) => JSON.stringify(line))
        .join('\n');
    writeFileSync(path.join(directory, 'xfer-es-ES-500-s0', 'train-log.jsonl'), log(3000, [1, 2, 3, 4, 4, 5, 6]));
    writeFileSync(path.join(directory, 'joint-es-ES-500-s0', 'train-log.jsonl'), log(2500, [1, 2, 3, 4, 5, 6, 7, 8, 9]));
    for (const setting of ['xfer-vec', 'joint-vec'])
      writeFileSync(path.join(directory, `${setting}-es-ES-500-s0`, 'train-log.jsonl'), log(100, [1, 2]));
    // the fine-tuned transfer: 3 epochs of 400 records, from xfer-vec (a stage of adding es-ES), from en-vec (not one)
    writeFileSync(path.join(directory, 'xfer-vec-ft4-es-ES-500-s0', 'train-log.jsonl'), log(400, [1, 2, 3]));
    mkdirSync(path.join(directory, 'en-vec-s0'), { recursive: true });
    writeFileSync(path.join(directory, 'en-vec-s0', 'train-log.jsonl'), log(5000, [1, 2, 3, 4]));
    const [row, ...others] = transferVersusTogether(grid, plan, directory, ['es-ES'], ['500', '1000']);
    // size 1000 has nothing finished: no row
    expect(others).to.have.length(0);
    const [plain, vectors, fineTuned] = row!.pairs;
    expect(plain!.frame.a).to.be.closeTo(0.35, 1e-12);
    expect(plain!.frame.b).to.be.closeTo(0.28, 1e-12);
    expect(plain!.training).to.deep.equal({ transfer: { epochs: [6], utterances: 18000 }, together: { epochs: [9], utterances: 22500 } });
    expect(vectors!.frame.difference).to.be.closeTo(0.04, 1e-12);
    expect(vectors!.seeds).to.deep.equal([0]);
    expect(vectors!.training.transfer, 'the English source is no stage').to.deep.equal({ epochs: [2], utterances: 200 });
    expect(fineTuned!.frame.difference).to.be.closeTo(0.03, 1e-12);
    expect(fineTuned!.training.transfer, 'xfer-vec, then the fine-tuning').to.deep.equal({ epochs: [2, 3], utterances: 1400 });
    const lines = transferMarkdown([row!]).split('\n');
    expect(lines[0]).to.equal(
      '| target | size | seeds | xfer − joint: frame, Δ (95 % CI), p | epochs (utterances trained) | xfer-vec − joint-vec: frame, Δ (95 % CI), p | epochs (utterances trained) | ' +
        'xfer-vec-ft4 − joint-vec: frame, Δ (95 % CI), p | epochs (utterances trained) |',
    );
    expect(lines[2]).to.match(
      /^\| es-ES \| 500 \| 0 \| 0\.3500 − 0\.2800 = \+0\.0700 \(.*\), p [^|]* \| 6\.0 \(18k\) \/ 9\.0 \(23k\) \| 0\.4400 − 0\.4000 = \+0\.0400 .* \| 0\.4300 − 0\.4000 = \+0\.0300 .* \| 2\.0 \+ 3\.0 \(1k\) \/ 2\.0 \(0k\) \|$/,
    );
  });
});
