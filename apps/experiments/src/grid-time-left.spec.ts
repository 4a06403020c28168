import { expect } from 'chai';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PlannedRun } from '@xlnlu/training';
import { GridTimeLeft } from './grid-time-left.js';

const planned = (run: string, seed: number) => ({ id: `${run}-s${seed}`, run, seed }) as unknown as PlannedRun;

describe('the time a grid has left', () => {
  it('expects each run to take its entry’s median so far, else the median of every finished run', () => {
    const eta = new GridTimeLeft();
    expect(eta.expected('xfer')).to.equal(undefined);
    expect(eta.estimate([planned('xfer', 1)], 2)).to.equal(undefined);
    eta.add('maxent', 10);
    eta.add('xfer', 300);
    eta.add('xfer', 500);
    eta.add('xfer', 9_000); // a run paused for hours: the median keeps it from dominating
    expect(eta.expected('xfer')).to.equal(500);
    expect(eta.expected('maxent')).to.equal(10);
    // no run of "joint" finished yet: the median of all four
    expect(eta.expected('joint')).to.equal(400);
  });

  it('sums the runs left, those running less what they have run, over the jobs at once', () => {
    const eta = new GridTimeLeft();
    eta.add('maxent', 10);
    eta.add('xfer', 600);
    const left = [planned('xfer', 1), planned('xfer', 2), planned('maxent', 1), planned('maxent', 2)];
    expect(eta.estimate(left, 1)).to.equal(1_220);
    expect(eta.estimate(left, 2)).to.equal(610);
    // xfer-s1 has run 500 s of its 600; maxent-s1 has run longer than expected: nothing left, not less
    expect(
      eta.estimate(
        left,
        2,
        new Map([
          ['xfer-s1', 500],
          ['maxent-s1', 40],
        ]),
      ),
    ).to.equal((100 + 600 + 0 + 10) / 2);
    // more jobs than runs left: the runs left run at once
    expect(eta.estimate([planned('xfer', 1)], 4)).to.equal(600);
  });

  it('reads the seconds of runs finished by an earlier start from their completion marks', () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'xlnlu-eta-'));
    const mark = (id: string, content: object) => {
      mkdirSync(path.join(directory, id), { recursive: true });
      writeFileSync(path.join(directory, id, 'complete.json'), JSON.stringify(content));
    };
    mark('xfer-s0', { seconds: 240 });
    mark('mono-s0', { finishedAt: 'an older mark without seconds' });
    const eta = new GridTimeLeft();
    eta.addFinished(directory, planned('xfer', 0));
    eta.addFinished(directory, planned('mono', 0));
    eta.addFinished(directory, planned('joint', 0)); // not finished: no mark
    expect(eta.expected('xfer')).to.equal(240);
    expect(eta.expected('mono')).to.equal(240);
  });

  it('scales by this start’s pace once a few of its runs finished against earlier ones of their entries', () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'xlnlu-eta-pace-'));
    // seed 0 ran while other grids shared the machine: 600 s per transfer, 40 s per max-ent
    for (const [id, seconds] of [
      ['xfer-s0', 600],
      ['joint-s0', 600],
      ['mono-s0', 600],
      ['maxent-s0', 40],
    ] as const) {
      mkdirSync(path.join(directory, id), { recursive: true });
      writeFileSync(path.join(directory, id, 'complete.json'), JSON.stringify({ seconds }));
    }
    const eta = new GridTimeLeft();
    for (const run of ['xfer', 'joint', 'mono', 'maxent']) eta.addFinished(directory, planned(run, 0));
    const left = [planned('xfer', 2), planned('maxent', 2)];
    expect(eta.estimate(left, 1)).to.equal(640);
    // this start: the machine is free, runs take a quarter of the time; a new entry says nothing of pace
    eta.add('xfer', 150);
    eta.add('ensemble', 1_000);
    eta.add('joint', 150);
    expect(eta.pace(), 'two runs with an expectation: not yet').to.equal(1);
    eta.add('maxent', 10);
    expect(eta.pace()).to.equal(0.25);
    // xfer's median is now (600 + 150) / 2, maxent's 25, each at a quarter; xfer-s2 has run 50 s
    expect(eta.estimate(left, 1, new Map([['xfer-s2', 50]]))).to.equal(375 * 0.25 - 50 + 25 * 0.25);
  });
});
