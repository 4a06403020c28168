import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sharedDataRootOrSkip } from '@xlnlu/data/testing';

describe('bench:run --quick (the CI-sized benchmark on MASSIVE)', function () {
  this.timeout(300_000);

  it('prints every figure, finds no leak, and writes the figures to --out', function () {
    const dataRoot = sharedDataRootOrSkip(this);
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'xlnlu-bench-spec-')), 'figures.jsonl');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'tools/bench/src/main.ts', '--quick', `--out=${out}`], {
      env: { ...process.env, XLNLU_DATA_DIR: dataRoot },
      encoding: 'utf8',
    });
    expect(run.status, run.stderr.slice(-2000)).to.equal(0);
    const figures = new Map(
      readFileSync(out, 'utf8')
        .trim()
        .split('\n')
        .map((line) => {
          const figure = JSON.parse(line) as { figure: string } & Record<string, unknown>;
          return [figure.figure, figure];
        }),
    );
    expect([...figures.keys()]).to.deep.equal([
      'setup',
      'joint.train',
      'joint.memory',
      'joint.evaluate',
      'joint.parse.en-US',
      'joint.parse.ja-JP',
      'ner.ja-JP',
      'maxent.domain',
      'memory',
      'verdict',
    ]);
    expect(figures.get('verdict')!['leaks']).to.deep.equal([]);
    expect((figures.get('joint.memory')!['epochs'] as unknown[]).length).to.equal(5);
    expect(figures.get('joint.parse.en-US')!['samples']).to.equal(200);
    // each parse figure carries the machine's floor, measured over as many readings right after
    for (const locale of ['en-US', 'ja-JP'])
      expect(figures.get(`joint.parse.${locale}`)!['machineFloor'])
        .to.have.property('p99Ms')
        .that.is.a('number')
        .above(0);
    expect(figures.get('joint.evaluate')!['utterancesPerSecond']).to.be.a('number').above(0);
    expect(figures.get('joint.evaluate')!['firstPassUtterancesPerSecond']).to.be.a('number').above(0);
    expect(figures.get('ner.ja-JP')!['trainSentencesPerSecond']).to.have.length(3);
  });
});
