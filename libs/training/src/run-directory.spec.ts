import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RunDirectory } from './run-directory.js';
import { writeJsonAtomic } from './atomic-files.js';

describe('RunDirectory', () => {
  it('writes JSON atomically, leaving no temporary files', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'xlnlu-run-'));
    const run = RunDirectory.create(path.join(root, 'run'));
    writeJsonAtomic(run.configFile, { a: 1 });
    writeJsonAtomic(run.configFile, { a: 2 });
    expect(JSON.parse(readFileSync(run.configFile, 'utf8'))).to.deep.equal({ a: 2 });
    expect(readdirSync(run.root)).to.deep.equal(['config.json']);
  });

  it('appends log lines with a time stamp', () => {
    const run = RunDirectory.create(path.join(mkdtempSync(path.join(tmpdir(), 'xlnlu-run-')), 'run'));
    run.log({ epoch: 1 });
    run.log({ epoch: 2 });
    const lines = readFileSync(path.join(run.root, 'train-log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((l) => l.epoch)).to.deep.equal([1, 2]);
    expect(lines[0].time).to.match(/^\d{4}-\d\d-\d\dT/);
  });

  it('reads the dev score of each epoch, once per epoch, however often a resumed run logged it', () => {
    const run = RunDirectory.create(path.join(mkdtempSync(path.join(tmpdir(), 'xlnlu-run-')), 'run'));
    run.log({ stage: 'data', train: 10 });
    run.log({ stage: 'joint', epoch: 1, score: 0.2 });
    run.log({ stage: 'joint', epoch: 2, score: 0.3 });
    // killed after logging epoch 2 but before its checkpoint: the resumed run trains epoch 2 again
    run.log({ stage: 'joint', epoch: 2, score: 0.35 });
    run.log({ stage: 'joint', epoch: 3, score: 0.4 });
    run.log({ stage: 'done', seconds: 5 });
    expect(run.epochScores()).to.deep.equal([
      { epoch: 1, score: 0.2 },
      { epoch: 2, score: 0.35 },
      { epoch: 3, score: 0.4 },
    ]);
  });

  it('an output directory that cannot be written is a clear error at the start', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'xlnlu-run-')), 'not-a-directory');
    writeFileSync(file, '');
    expect(() => RunDirectory.create(path.join(file, 'run'))).to.throw(/run directory .*not-a-directory\/run is not writable: /);
  });
});
