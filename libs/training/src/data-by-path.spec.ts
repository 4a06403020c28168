import { expect } from 'chai';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { evaluateRun } from './evaluate-run.js';
import { fixtureDataRoot } from './testing/fixture-data.js';
import { tinyJointModel } from './testing/fixture-model.js';
import { trainRun } from './train-run.js';

// Three intents in Rasa's YAML, with entities in both of Rasa's markups: the smallest data a team might bring.
const ALARMS = ['seven am', 'six thirty', 'noon', 'nine pm', 'five am', 'eight', 'ten past six', 'half past seven'];
const PLACES = ['rome', 'paris', 'berlin', 'tokyo', 'madrid', 'oslo', 'lima', 'cairo'];
const SONGS = ['yesterday', 'hey jude', 'imagine', 'let it be', 'help', 'something', 'blackbird', 'penny lane'];
const RASA = [
  'version: "3.1"',
  'nlu:',
  '- intent: alarm_set',
  '  examples: |',
  ...ALARMS.flatMap((t) => [`    - wake me up at [${t}](time)`, `    - set an alarm for [${t}]{"entity": "time"}`]),
  '- synonym: noon',
  '  examples: |',
  '    - midday',
  '- intent: weather_query',
  '  examples: |',
  ...PLACES.flatMap((p) => [`    - what is the weather in [${p}](place_name)`, `    - will it rain in [${p}](place_name) today`]),
  '- intent: play_music',
  '  examples: |',
  ...SONGS.flatMap((s) => [`    - play [${s}](song_name)`, `    - put on [${s}](song_name) please`]),
].join('\n');

// CoNLL-2003 layout: token POS chunk tag, space-separated, with -DOCSTART- lines.
const CONLL = [
  '-DOCSTART- -X- -X- O',
  '',
  ...PLACES.flatMap((p, i) => [
    `${p[0]!.toUpperCase()}${p.slice(1)} NNP B-NP B-LOC`,
    'is VBZ B-VP O',
    `${['sunny', 'cold', 'far'][i % 3]} JJ B-ADJP O`,
    '',
    `${['Anna', 'Marco', 'Yuki', 'Omar'][i % 4]} NNP B-NP B-PER`,
    'visits VBZ B-VP O',
    `${p[0]!.toUpperCase()}${p.slice(1)} NNP B-NP B-LOC`,
    '',
  ]),
].join('\n');

describe('data by path: a Rasa YAML file and a CoNLL file trained and evaluated where they lie', function () {
  this.timeout(120_000);
  const work = mkdtempSync(path.join(tmpdir(), 'xlnlu-by-path-'));
  const runsDir = path.join(work, 'runs');
  const dataRoot = fixtureDataRoot();
  const rasaFile = path.join(work, 'nlu.yml');
  const conllFile = path.join(work, 'ner.conll');
  writeFileSync(rasaFile, `${RASA}\n`);
  writeFileSync(conllFile, `${CONLL}\n`);
  const config = (name: string, dataset: object | string, model: object) => {
    const file = path.join(work, `${name}.json`);
    writeFileSync(file, JSON.stringify({ name, data: { dataset }, model }));
    return file;
  };
  const maxent = { type: 'maxent-nlu', domain: { epochs: 20 }, intent: { epochs: 20 }, slots: { epochs: 20 } };

  it('trains max-ent on Rasa YAML (seeded 80/10/10 split), records the data, and evaluates on the same file', async () => {
    const file = config('rasa', { path: rasaFile, format: 'rasa', locale: 'en-US' }, maxent);
    const { run, config: resolved } = await trainRun({ configFile: file, runsDir, dataRoot });
    expect(resolved.data.trainLocales, 'the file’s locale').to.deep.equal(['en-US']);
    const recorded = JSON.parse(readFileSync(path.join(run.root, 'data.json'), 'utf8'));
    expect(recorded.sources[0]).to.deep.include({ source: rasaFile, format: 'rasa', locale: 'en-US', records: 48 });
    expect(recorded.sources[0].partitions).to.deep.equal({ train: 38, dev: 5, test: 5 });
    expect(recorded.sources[0].sha256).to.match(/^[0-9a-f]{64}$/u);
    expect(recorded.labels.intents).to.deep.equal(['alarm_set', 'play_music', 'weather_query']);
    const report = await evaluateRun({ runDir: run.root, locale: 'en-US', partition: 'test', dataRoot, predictions: true });
    expect(report.metrics.utterances).to.equal(5);
    const lines = readFileSync(path.join(run.root, 'metrics', 'en-US.predictions.jsonl'), 'utf8')
      .trim()
      .split('\n');
    expect(lines).to.have.length(5);
    expect(JSON.parse(lines[0]!)).to.have.keys('id', 'locale', 'text', 'gold', 'predicted', 'correct');
    expect(readFileSync(path.join(run.root, 'metrics', 'en-US.conlleval.txt'), 'utf8')).to.match(/^\S+ (O|[BI]-\S+) (O|[BI]-\S+)$/mu);
    // three well-separated intents: a model that learnt anything gets most of them
    expect(report.metrics.intentAccuracy!.estimate).to.be.at.least(0.6);
  });

  it('trains the NER network on CoNLL-2003 columns and scores entities', async () => {
    const ner = { type: 'ner-bilstm', wordDim: 16, charDim: 8, charUnits: 8, wordUnits: 16, maxEpochs: 3, patience: 3, batchSize: 8 };
    const file = config(
      'conll',
      { path: conllFile, format: 'conll', locale: 'en-US', split: { train: 0.625, dev: 0.1875, test: 0.1875 } },
      ner,
    );
    const { run } = await trainRun({ configFile: file, runsDir, dataRoot });
    const recorded = JSON.parse(readFileSync(path.join(run.root, 'data.json'), 'utf8'));
    expect(recorded.sources[0].partitions).to.deep.equal({ train: 10, dev: 3, test: 3 });
    expect(recorded.labels.slotTypes).to.deep.equal(['LOC', 'PER']);
    const report = await evaluateRun({ runDir: run.root, locale: 'en-US', partition: 'test', dataRoot });
    expect(report.metrics.utterances).to.equal(3);
    expect(report.metrics.slotF1!.estimate).to.be.within(0, 1);
  });

  it('a model on a team’s own file starts from the blocks of an English MASSIVE run (transfer)', async () => {
    const joint = tinyJointModel(4);
    const english = config('joint-en', 'massive', joint);
    const source = (await trainRun({ configFile: english, runsDir, dataRoot })).run.root;
    const file = path.join(work, 'joint-own.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'joint-own',
        data: { dataset: { path: rasaFile, format: 'rasa', locale: 'es-ES' } },
        model: joint,
        transfer: { from: source, copy: ['embeddings', 'encoder'] },
      }),
    );
    const { run } = await trainRun({ configFile: file, runsDir, dataRoot });
    const report = JSON.parse(readFileSync(path.join(run.root, 'transfer.json'), 'utf8'));
    expect(report.blocks).to.deep.equal(['embeddings', 'encoder']);
    // the Rasa file's English words that the MASSIVE fixture also has start from the source's rows
    expect(report.carriedOver.words.matched).to.be.greaterThan(0);
    expect((await evaluateRun({ runDir: run.root, locale: 'es-ES', partition: 'test', dataRoot })).metrics.utterances).to.equal(5);
  });

  it('refuses a test set whose labels the model never saw, instead of scoring 0', async () => {
    // another team's file: the same format and locale, other intents
    const other = path.join(work, 'other.yml');
    const greetings = ['hello', 'hi', 'good morning', 'hey there', 'howdy', 'good evening', 'hi there', 'hello again', 'yo', 'greetings'];
    writeFileSync(other, `nlu:\n- intent: greet\n  examples: |\n${greetings.map((g) => `    - ${g}`).join('\n')}\n`);
    let error: unknown;
    const dataset = { path: other, format: 'rasa' as const, locale: 'en-US', tagColumn: -1, split: { train: 0.8, dev: 0.1, test: 0.1 } };
    await evaluateRun({ runDir: path.join(runsDir, 'rasa'), locale: 'en-US', partition: 'test', dataRoot, dataset }).catch(
      (caught: unknown) => (error = caught),
    );
    expect(String(error)).to.match(
      /1 of 1 test records of .*other\.yml en-US have intents the model never trained on \(greet\); it trained on .*nlu\.yml.*not the model's task/,
    );
  });

  it('a Rasa example with an unclosed "[" names the file and line; a file of another format than declared fails at its first line', async () => {
    const bad = path.join(work, 'bad.yml');
    writeFileSync(bad, 'nlu:\n- intent: greet\n  examples: |\n    - hello\n    - hi [there(person)\n');
    let error: unknown;
    await trainRun({ configFile: config('bad-rasa', { path: bad, format: 'rasa', locale: 'en-US' }, maxent), runsDir, dataRoot }).catch(
      (caught: unknown) => (error = caught),
    );
    expect(String(error)).to.match(/bad\.yml:5 \(record greet:5\): unclosed "\[" at column 4/);
    await trainRun({
      configFile: config('yaml-as-conll', { path: rasaFile, format: 'conll', locale: 'en-US' }, maxent),
      runsDir,
      dataRoot,
    }).catch((caught: unknown) => (error = caught));
    expect(String(error), 'max-ent needs intents').to.match(/nlu\.yml \(conll\) has entities only/);
    const ner = { type: 'ner-bilstm', maxEpochs: 1 };
    await trainRun({
      configFile: config('yaml-as-conll-ner', { path: rasaFile, format: 'conll', locale: 'en-US' }, ner),
      runsDir,
      dataRoot,
    }).catch((caught: unknown) => (error = caught));
    expect(String(error)).to.match(/nlu\.yml:1 .*tag "\\"3\.1\\"" is not O, B-<type> or I-<type>/);
    await trainRun({
      configFile: config('yaml-as-massive', { path: rasaFile, format: 'massive', locale: 'en-US' }, maxent),
      runsDir,
      dataRoot,
    }).catch((caught: unknown) => (error = caught));
    expect(String(error)).to.match(/nlu\.yml:1/);
  });

  it('an unknown locale in a config is refused naming the key and the nearest profiled locale', async () => {
    let error: unknown;
    await trainRun({ configFile: config('klingon', { path: rasaFile, format: 'rasa', locale: 'tl-HK' }, maxent), runsDir, dataRoot }).catch(
      (caught: unknown) => (error = caught),
    );
    expect(String(error)).to.match(/data\.dataset\.locale: unknown locale "tl-HK" \(did you mean "tl-PH"\?\)/);
  });
});
