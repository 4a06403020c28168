import { expect } from 'chai';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseExperimentConfig, type PlannedRun } from '@xlnlu/training';
import { COMPLETE_FILE, prepareRun } from './run-state.js';

describe('grid run state on start', () => {
  const grid = mkdtempSync(path.join(tmpdir(), 'xlnlu-run-state-'));
  const planned = (id: string, type: 'joint-bilstm-crf' | 'maxent-nlu', seed = 0): PlannedRun => ({
    id,
    run: id,
    seed,
    config: parseExperimentConfig({ name: id, seed, model: { type } }, 'fixture'),
    evaluate: ['en-US'],
    partition: 'test',
    after: [],
  });
  const write = (id: string, file: string, value: unknown) => {
    mkdirSync(path.dirname(path.join(grid, id, file)), { recursive: true });
    writeFileSync(path.join(grid, id, file), JSON.stringify(value));
  };
  const interrupted = (run: PlannedRun, { checkpoint, config = run.config }: { checkpoint: boolean; config?: unknown }) => {
    write(run.id, 'config.json', config);
    if (checkpoint) write(run.id, 'checkpoint/state.json', {});
  };

  it('is new without a directory and complete with the completion mark under the same config', () => {
    const run = planned('fresh', 'joint-bilstm-crf');
    expect(prepareRun(grid, run)).to.equal('new');
    write(run.id, COMPLETE_FILE, { config: run.config });
    expect(prepareRun(grid, run)).to.equal('complete');
    expect(() => prepareRun(grid, planned('fresh', 'joint-bilstm-crf', 1))).to.throw(/was completed with a different config/);
  });

  it('keeps a run completed before a config key existed when the plan leaves that key at its default', () => {
    const run = planned('older', 'joint-bilstm-crf');
    const before = structuredClone(run.config) as { data: Record<string, unknown>; model: Record<string, unknown> };
    delete before.data.devLocales; // as written before data.devLocales was added
    delete before.model.charView;
    write(run.id, COMPLETE_FILE, { config: before });
    expect(prepareRun(grid, run)).to.equal('complete');
    const changed = { ...run, config: { ...run.config, data: { ...run.config.data, devLocales: ['es-ES' as const] } } };
    expect(() => prepareRun(grid, changed)).to.throw(/was completed with a different config/);
  });

  it('resumes an interrupted neural run with a checkpoint and its config, and removes one it cannot resume', () => {
    const resumable = planned('checkpointed', 'joint-bilstm-crf');
    interrupted(resumable, { checkpoint: true });
    expect(prepareRun(grid, resumable)).to.equal('resumable');
    expect(existsSync(path.join(grid, resumable.id, 'checkpoint', 'state.json'))).to.equal(true);

    const cases: [PlannedRun, { checkpoint: boolean; config?: unknown }][] = [
      [planned('no-checkpoint', 'joint-bilstm-crf'), { checkpoint: false }],
      [planned('other-config', 'joint-bilstm-crf'), { checkpoint: true, config: { name: 'other-config', seed: 5 } }],
      [planned('maxent', 'maxent-nlu'), { checkpoint: true }],
    ];
    for (const [run, state] of cases) {
      interrupted(run, state);
      expect(prepareRun(grid, run), run.id).to.equal('unfinished');
      expect(existsSync(path.join(grid, run.id)), `${run.id} removed`).to.equal(false);
    }
  });
});
