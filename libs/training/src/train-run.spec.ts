import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { evaluateRun } from './evaluate-run.js';
import { MaxEntNlu } from './families/maxent-nlu/maxent-nlu.js';
import { loadMassive, partition } from './massive-data.js';
import { fixtureDataRoot } from './testing/fixture-data.js';
import { trainRun } from './train-run.js';

describe('train and evaluate a max-ent run (fixture data)', function () {
  this.timeout(60_000);
  const dataRoot = fixtureDataRoot();
  const work = mkdtempSync(path.join(tmpdir(), 'xlnlu-train-'));
  const configFile = path.join(work, 'config.json');
  writeFileSync(
    configFile,
    JSON.stringify({ name: 'fixture', model: { type: 'maxent-nlu', domain: { epochs: 5 }, intent: { epochs: 5 }, slots: { epochs: 5 } } }),
  );
  const runsDir = path.join(work, 'runs');
  /** Trains a run of the config with overrides and returns its first train-log entry of a stage. */
  const trainedLogEntry = async (name: string, overrides: string[], stage: string) => {
    const { run } = await trainRun({ configFile, overrides: [`name=${name}`, ...overrides], runsDir, dataRoot });
    return readFileSync(path.join(run.root, 'train-log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
      .find((entry) => entry.stage === stage);
  };

  it('writes the resolved config with overrides, what computed, an epoch log and the model', async () => {
    const compute = { name: 'cpu', description: 'plain JavaScript', native: 'native kernels (BiLSTM, CRF)' };
    const { run, config } = await trainRun({ configFile, overrides: ['seed=7'], runsDir, dataRoot, compute });
    expect(config.seed).to.equal(7);
    const recorded = JSON.parse(readFileSync(path.join(run.root, 'compute.json'), 'utf8'));
    expect(recorded).to.deep.include({ backend: 'cpu', description: 'plain JavaScript', native: compute.native, node: process.version });
    // the sources' commit, for the report (a clone in CI has one; "+changes" while editing)
    expect(recorded.commit).to.match(/^[0-9a-f]{40}(\+changes)?$/u);
    expect(JSON.parse(readFileSync(run.configFile, 'utf8'))).to.deep.equal(config);
    const log = readFileSync(path.join(run.root, 'train-log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(log.filter((entry) => entry.stage === 'slots' && entry.epoch).map((entry) => entry.epoch)).to.deep.equal([1, 2, 3, 4, 5]);
    const losses = log.filter((entry) => entry.stage === 'slots' && entry.epoch).map((entry) => entry.meanLoss);
    expect(losses[4]).to.be.below(losses[0]);
    expect(existsSync(path.join(run.modelDirectory, 'maxent-nlu.json'))).to.equal(true);
  });

  it('chooses epochs on the dev sets data.devLocales names, also of a locale it does not train on', async () => {
    const dataLog = (name: string, overrides: string[]) => trainedLogEntry(name, overrides, 'data');
    const devOf = async (locale: 'en-US' | 'ja-JP') => partition((await loadMassive(dataRoot, [locale])).get(locale)!, 'dev').length;
    expect(await dataLog('pooled', [])).to.include({ dev: await devOf('en-US') });
    const japanese = await dataLog('ja-dev', ['data.devLocales=["ja-JP"]']);
    expect(japanese).to.deep.include({ dev: await devOf('ja-JP'), devLocales: ['ja-JP'] });
    expect(await devOf('ja-JP')).to.not.equal(await devOf('en-US'));
  });

  it('code-switches the English records with a lexicon induced from the target records it trains on only', async () => {
    const codeSwitchLog = (name: string, overrides: string[]) => trainedLogEntry(name, overrides, 'code-switch');
    const switching = 'data.codeSwitch={"locales":["ja-JP"],"lexicons":["induced"],"rate":1}';
    const all = await codeSwitchLog('switch-all', ['data.trainLocales=["en-US","ja-JP"]', switching]);
    expect(all.replaced).to.be.above(0);
    expect(all.words).to.equal(
      (await loadMassive(dataRoot, ['en-US']))
        .get('en-US')!
        .filter((r) => r.partition === 'train')
        .flatMap((r) => r.tokens).length,
    );
    // fewer target records, a smaller lexicon; none at all (zero-shot), none unless translations without annotations are allowed
    const few = await codeSwitchLog('switch-few', ['data.trainLocales=["en-US","ja-JP"]', 'data.trainLimits={"ja-JP":6}', switching]);
    expect(few.lexiconSizes['ja-JP']).to.be.below(all.lexiconSizes['ja-JP']);
    let error: unknown;
    await codeSwitchLog('switch-none', [switching]).catch((caught: unknown) => (error = caught));
    expect(String(error)).to.match(/data\.codeSwitch: no ja-JP lexicon: the induced one needs ja-JP training records/);
    const texts = await codeSwitchLog('switch-texts', [
      'data.codeSwitch={"locales":["ja-JP"],"lexicons":["induced"],"rate":1,"parallelTexts":"all"}',
    ]);
    expect(texts.lexiconSizes['ja-JP']).to.equal(all.lexiconSizes['ja-JP']);
    await trainRun({
      configFile,
      overrides: ['name=switch-no-english', 'data.trainLocales=["ja-JP"]', switching],
      runsDir,
      dataRoot,
    }).catch((caught: unknown) => (error = caught));
    expect(String(error)).to.match(/data\.codeSwitch switches English records, but en-US is not a training locale/);
  });

  it('evaluates the run, writing metrics with confidence intervals', async () => {
    const report = await evaluateRun({ runDir: path.join(runsDir, 'fixture'), locale: 'en-US', partition: 'test', dataRoot });
    const { metrics } = report;
    expect(metrics.utterances).to.equal(14); // 19 filled templates × 3, every fourth in test
    for (const ci of [metrics.domainAccuracy!, metrics.intentAccuracy!, metrics.slotF1!, metrics.frameAccuracy!]) {
      expect(ci.low).to.be.at.most(ci.estimate);
      expect(ci.high).to.be.at.least(ci.estimate);
    }
    // the fixture's templates are separable: a working model gets them right
    expect(metrics.domainAccuracy!.estimate).to.equal(1);
    expect(metrics.slotF1!.estimate).to.be.above(0.9);
    expect(JSON.parse(readFileSync(path.join(runsDir, 'fixture', 'metrics', 'en-US.json'), 'utf8')).metrics).to.deep.equal(
      JSON.parse(JSON.stringify(metrics)),
    );
  });

  it('a saved and reloaded model predicts the same', async () => {
    const records = partition((await loadMassive(dataRoot, ['en-US'])).get('en-US')!, 'dev');
    const model = MaxEntNlu.load(path.join(runsDir, 'fixture', 'model'));
    const again = MaxEntNlu.load(path.join(runsDir, 'fixture', 'model'));
    expect(records.map((r) => again.predict(r))).to.deep.equal(records.map((r) => model.predict(r)));
  });

  it('reports a missing or mismatched model file and a directory that is not a run', async () => {
    expect(() => MaxEntNlu.load(work)).to.throw(/model directory .* has no maxent-nlu\.json/);
    const bad = mkdtempSync(path.join(tmpdir(), 'xlnlu-model-'));
    writeFileSync(path.join(bad, 'maxent-nlu.json'), JSON.stringify({ format: 'other/9' }));
    expect(() => MaxEntNlu.load(bad)).to.throw(/expected format "xlnlu\.maxent-nlu\/1", found "other\/9"/);
    let error: unknown;
    await evaluateRun({ runDir: bad, locale: 'en-US', partition: 'test', dataRoot }).catch((caught: unknown) => (error = caught));
    expect(String(error)).to.match(/is not a run directory: it has no config\.json/);
  });

  it('a config file with malformed JSON or a missing file is a clear error', async () => {
    const broken = path.join(work, 'broken.json');
    writeFileSync(broken, '{"name": ');
    let error: unknown;
    await trainRun({ configFile: broken, runsDir, dataRoot }).catch((caught: unknown) => (error = caught));
    expect(String(error)).to.match(/broken\.json: malformed JSON/);
    await trainRun({ configFile: path.join(work, 'none.json'), runsDir, dataRoot }).catch((caught: unknown) => (error = caught));
    expect(String(error)).to.match(/config file not found: .*none\.json/);
  });
});
