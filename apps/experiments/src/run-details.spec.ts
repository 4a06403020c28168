import { expect } from 'chai';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { GridConfig, PlannedRun } from '@xlnlu/training';
import { confusions } from './report-plots.js';
import { runDetails } from './run-details.js';

describe('run details for the report', () => {
  it('reads what a run changed, its commit, start, backend, training time, best epoch, curve, per-type F1 and intents', () => {
    const grid = {
      set: ['model.maxEpochs=3'],
      runs: [{ name: 'xfer', set: ['data.trainLocales=["en-US","es-ES"]'], transfer: { from: 'mono', copy: ['encoder'] } }],
    } as unknown as GridConfig;
    const plan = [{ id: 'xfer-s0', run: 'xfer', seed: 0, evaluate: ['es-ES'], partition: 'test' }] as unknown as PlannedRun[];
    const directory = mkdtempSync(path.join(tmpdir(), 'xlnlu-details-'));
    const root = path.join(directory, 'xfer-s0');
    mkdirSync(path.join(root, 'metrics'), { recursive: true });
    writeFileSync(path.join(root, 'compute.json'), JSON.stringify({ backend: 'wasm', commit: 'abc123' }));
    const epochs = [0.4, 0.6, 0.5].map((score, i) =>
      JSON.stringify({ time: `2026-11-26T18:0${i}:00Z`, stage: 'joint', epoch: i + 1, score }),
    );
    writeFileSync(
      path.join(root, 'train-log.jsonl'),
      `${[...epochs, JSON.stringify({ stage: 'done', seconds: 42 }), '{"cut'].join('\n')}\n`,
    );
    writeFileSync(path.join(root, 'metrics', 'es-ES.json'), JSON.stringify({ metrics: { slotF1PerType: { time: { f1: 0.8 } } } }));
    const predictions = [
      ['alarm_set', 'alarm_set'],
      ['alarm_set', 'alarm_query'],
      ['alarm_set', 'alarm_query'],
      ['weather_query', 'alarm_set'],
    ].map(([gold, predicted]) => JSON.stringify({ gold: { intent: gold }, predicted: { intent: predicted } }));
    writeFileSync(path.join(root, 'metrics', 'es-ES.predictions.jsonl'), `${predictions.join('\n')}\n`);
    const [details] = runDetails(grid, plan, directory);
    expect(details).to.deep.include({
      changes: ['model.maxEpochs=3', 'data.trainLocales=["en-US","es-ES"]', 'transfer from mono: encoder'],
      commit: 'abc123',
      backend: 'wasm',
      date: '2026-11-26T18:00:00Z',
      trainingSeconds: 42,
      bestEpoch: 2,
      slotF1PerType: { 'es-ES': { time: 0.8 } },
    });
    expect(details!.curve.map((p) => p.score)).to.deep.equal([0.4, 0.6, 0.5]);
    expect(confusions(details!, 'es-ES')).to.deep.equal([
      { gold: 'alarm_set', predicted: 'alarm_query', count: 2 },
      { gold: 'weather_query', predicted: 'alarm_set', count: 1 },
    ]);
  });
});
