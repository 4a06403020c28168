import { expect } from 'chai';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NluRecord } from '@xlnlu/data';
import { evaluateRun, recordsReader } from './evaluate-run.js';
import { fixtureDataRoot } from './testing/fixture-data.js';
import { trainRun } from './train-run.js';

describe('evaluating a run with a records reader that reads each data set once (evaluate-on-dev.ts)', function () {
  this.timeout(60_000);
  const work = mkdtempSync(path.join(tmpdir(), 'xlnlu-evaluate-run-'));
  const dataRoot = fixtureDataRoot();

  it('reads a locale once for many evaluations, and scores as the default reader does', async () => {
    const configFile = path.join(work, 'maxent.json');
    writeFileSync(
      configFile,
      JSON.stringify({ name: 'maxent', model: { type: 'maxent-nlu', domain: { epochs: 5 }, intent: { epochs: 5 }, slots: { epochs: 5 } } }),
    );
    const runDir = (await trainRun({ configFile, runsDir: work, dataRoot })).run.root;
    const items = () => readFileSync(path.join(runDir, 'metrics', 'en-US.dev.items.json'), 'utf8');
    const alone = await evaluateRun({ runDir, locale: 'en-US', partition: 'dev', dataRoot });
    const itemsAlone = items();

    const reader = recordsReader(dataRoot);
    const read: NluRecord[][] = [];
    const counting: typeof reader = async (...args) => {
      const records = await reader(...args);
      read.push(records);
      return records;
    };
    const first = await evaluateRun({ runDir, locale: 'en-US', partition: 'dev', dataRoot, readRecords: counting });
    const second = await evaluateRun({ runDir, locale: 'en-US', partition: 'dev', dataRoot, readRecords: counting });
    expect(read).to.have.length(2);
    expect(read[1], 'the second evaluation gets the records the first read').to.equal(read[0]);
    expect(first.metrics.frameAccuracy).to.deep.equal(alone.metrics.frameAccuracy);
    expect(second.metrics.intentAccuracy).to.deep.equal(alone.metrics.intentAccuracy);
    expect(items()).to.equal(itemsAlone);
  });

  it('keeps data sets and locales apart', async () => {
    const reader = recordsReader(dataRoot);
    const english = await reader('massive', 'en-US', () => undefined);
    const japanese = await reader('massive', 'ja-JP', () => undefined);
    expect(japanese).to.not.equal(english);
    expect(japanese.every((r) => r.locale === 'ja-JP')).to.equal(true);
    expect(await reader('massive', 'en-US', () => undefined)).to.equal(english);
  });
});
