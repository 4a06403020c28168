import { expect } from 'chai';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { selectBackend } from '@xlnlu/compute';
import { evaluateRun } from '../../evaluate-run.js';
import { loadMassive, partition } from '../../massive-data.js';
import { fixtureDataRoot } from '../../testing/fixture-data.js';
import { tinyNerModel } from '../../testing/fixture-model.js';
import { trainRun } from '../../train-run.js';
import { NerBilstm } from './ner-bilstm.js';

describe('ner-bilstm run (fixture data)', function () {
  this.timeout(240_000);
  const dataRoot = fixtureDataRoot();
  const work = mkdtempSync(path.join(tmpdir(), 'xlnlu-ner-'));
  const runsDir = path.join(work, 'runs');
  const config = (name: string, locale: string, extra: Record<string, unknown> = {}) => {
    const file = path.join(work, `${name}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        name,
        data: { trainLocales: [locale] },
        model: tinyNerModel(25, extra),
      }),
    );
    return file;
  };

  before(() => selectBackend({ backend: 'wasm', log: () => undefined }));

  it('en-US, softmax decoder: learns slots as entities; span F1 evaluated; reload predicts the same', async () => {
    await trainRun({ configFile: config('ner-en', 'en-US', { decoder: 'softmax' }), runsDir, dataRoot });
    const { metrics } = await evaluateRun({ runDir: path.join(runsDir, 'ner-en'), locale: 'en-US', partition: 'test', dataRoot });
    expect(metrics.slotF1!.estimate).to.be.above(0.8);
    expect(metrics.intentAccuracy).to.equal(undefined);
    const records = partition((await loadMassive(dataRoot, ['en-US'])).get('en-US')!, 'dev');
    const [a, b] = [
      await NerBilstm.load(path.join(runsDir, 'ner-en', 'model')),
      await NerBilstm.load(path.join(runsDir, 'ner-en', 'model')),
    ];
    await a.prepare(['en-US']);
    await b.prepare(['en-US']);
    expect(b.predictRecords(records)).to.deep.equal(a.predictRecords(records));
    a.dispose();
    b.dispose();
  });

  it("ja-JP with the article's views (Japanese words, romanized chars), CRF decoder", async () => {
    await trainRun({ configFile: config('ner-ja', 'ja-JP'), runsDir, dataRoot });
    const log = readFileSync(path.join(runsDir, 'ner-ja', 'train-log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((e) => e.stage === 'ner');
    expect(log[log.length - 1].meanLoss).to.be.below(log[0].meanLoss / 3);
    const resolved = JSON.parse(readFileSync(path.join(runsDir, 'ner-ja', 'config.json'), 'utf8'));
    expect([resolved.model.wordView, resolved.model.charView]).to.deep.equal(['original', 'romanized']);
    const { metrics } = await evaluateRun({ runDir: path.join(runsDir, 'ner-ja'), locale: 'ja-JP', partition: 'test', dataRoot });
    expect(metrics.slotF1!.estimate).to.be.above(0.7);
  });

  it('transfers English char and classifier blocks into a Japanese model through shared romanized bigrams and tags', async () => {
    await trainRun({ configFile: config('ner-en-crf', 'en-US', { maxEpochs: 3 }), runsDir, dataRoot });
    const from = path.join(runsDir, 'ner-en-crf');
    const file = config('ner-ja-transfer', 'ja-JP', { maxEpochs: 2 });
    const withTransfer = (copy: string[]) =>
      writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), transfer: { from, copy } }));
    withTransfer(['char', 'classifier']);
    await trainRun({ configFile: file, runsDir, dataRoot });
    const applied = JSON.parse(readFileSync(path.join(runsDir, 'ner-ja-transfer', 'transfer.json'), 'utf8'));
    expect(applied.layers.map((l: { layer: string }) => l.layer)).to.deep.equal([
      'char/embeddings',
      'char/bilstm',
      'classifier/bilstm',
      'classifier/emissions',
      'classifier/crf',
    ]);
    expect(applied.carriedOver.charBigrams.matched).to.be.above(0);
    expect(applied.carriedOver.charBigrams.matched).to.be.below(applied.carriedOver.charBigrams.of);
    expect(applied.carriedOver.tags.matched).to.be.above(1);
    withTransfer(['word']);
    let error: unknown;
    await trainRun({ configFile: file, runsDir, dataRoot, force: true }).catch((caught: unknown) => (error = caught));
    expect(String(error)).to.match(/no words in common between the source \(.*\) and the target/);
  });
});
