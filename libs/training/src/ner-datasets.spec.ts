import { expect } from 'chai';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { selectBackend } from '@xlnlu/compute';
import { evaluateRun } from './evaluate-run.js';
import { loadDataset } from './load-dataset.js';
import { partition } from './massive-data.js';
import { fixtureDataRoot } from './testing/fixture-data.js';
import { tinyNerModel } from './testing/fixture-model.js';
import { trainRun } from './train-run.js';

describe('public NER data sets (fixture files in the shared layout)', function () {
  this.timeout(240_000);
  const dataRoot = fixtureDataRoot();
  const work = mkdtempSync(path.join(tmpdir(), 'xlnlu-ner-data-'));
  const runsDir = path.join(work, 'runs');
  const config = (name: string, dataset: string, locale: string, extra: Record<string, unknown> = {}) => {
    const file = path.join(work, `${name}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        name,
        data: { dataset, trainLocales: [locale] },
        model: tinyNerModel(15, { batchSize: 4 }),
        ...extra,
      }),
    );
    return file;
  };

  before(() => selectBackend({ backend: 'wasm', log: () => undefined }));

  it('reads WNUT-17 from its three files and ner.json through a fixed seeded 80/10/10 split', async () => {
    const wnut = (await loadDataset(dataRoot, 'wnut17', ['en-US'])).byLocale.get('en-US')!;
    expect(['train', 'dev', 'test'].map((p) => partition(wnut, p as never).length)).to.deep.equal([27, 9, 9]);
    expect(wnut[0]!.tags).to.deep.equal(['O', 'O', 'B-person', 'O']);
    const ja = (await loadDataset(dataRoot, 'ja-wikipedia-ner', ['ja-JP'])).byLocale.get('ja-JP')!;
    const sizes = ['train', 'dev', 'test'].map((p) => partition(ja, p as never).length);
    expect(sizes).to.deep.equal([28, 4, 4]);
    const again = (await loadDataset(dataRoot, 'ja-wikipedia-ner', ['ja-JP'])).byLocale.get('ja-JP')!;
    expect(partition(again, 'test').map((r) => r.id)).to.deep.equal(partition(ja, 'test').map((r) => r.id));
    await loadDataset(dataRoot, 'wnut17', ['ja-JP']).then(
      () => expect.fail('should throw'),
      (error: Error) => expect(error.message).to.match(/the wnut17 data set is en-US only, but ja-JP was asked for/),
    );
  });

  it('trains NER on WNUT-17, transfers it into ja-wikipedia-ner through a label map, and evaluates on its test split', async () => {
    await trainRun({ configFile: config('wnut', 'wnut17', 'en-US'), runsDir, dataRoot });
    const wnutMetrics = (await evaluateRun({ runDir: path.join(runsDir, 'wnut'), locale: 'en-US', partition: 'test', dataRoot })).metrics;
    expect(wnutMetrics.slotF1!.estimate).to.be.above(0.8);
    const transfer = { from: path.join(runsDir, 'wnut'), copy: ['char', 'classifier'], labelMap: { person: '人名', location: '地名' } };
    await trainRun({ configFile: config('ja-from-wnut', 'ja-wikipedia-ner', 'ja-JP', { transfer }), runsDir, dataRoot });
    const applied = JSON.parse(readFileSync(path.join(runsDir, 'ja-from-wnut', 'transfer.json'), 'utf8'));
    // O, B-人名, B-地名 come from WNUT's O, B-person, B-location; its one-token entities have no I- tags
    expect(applied.carriedOver.tags).to.deep.equal({ matched: 3, of: 5 });
    const { metrics } = await evaluateRun({ runDir: path.join(runsDir, 'ja-from-wnut'), locale: 'ja-JP', partition: 'test', dataRoot });
    expect(metrics.utterances).to.equal(4);
    expect(metrics.slotF1!.estimate).to.be.within(0, 1);
  });

  it('refuses a non-NER model on a NER data set', async () => {
    const file = path.join(work, 'bad.json');
    writeFileSync(file, JSON.stringify({ name: 'bad', data: { dataset: 'wnut17' }, model: { type: 'joint-bilstm-crf' } }));
    await trainRun({ configFile: file, runsDir, dataRoot }).then(
      () => expect.fail('should throw'),
      (error: Error) => expect(error.message).to.match(/data\.dataset wnut17 has entities only, and joint-bilstm-crf needs intents/),
    );
  });
});
