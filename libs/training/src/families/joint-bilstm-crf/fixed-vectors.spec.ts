import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { selectBackend } from '@xlnlu/compute';
import { seededRandom } from '@xlnlu/data';
import { evaluateRun } from '../../evaluate-run.js';
import { loadMassive, partition } from '../../massive-data.js';
import { fixtureDataRoot } from '../../testing/fixture-data.js';
import { tinyJointModel } from '../../testing/fixture-model.js';
import { trainRun } from '../../train-run.js';
import { JointBilstmCrf } from './joint-bilstm-crf.js';

// The fixture's English words (fixture-data.ts) and the Japanese kuromoji tokens that translate them.
const ENGLISH =
  'wake me up at five am six pm seven noon nine thirty cancel the alarm for eight ten midnight what is weather in rome paris new york tokyo delhi play something by adele beatles queen madonna prince'.split(
    ' ',
  );
const JAPANESE: Record<string, string> = {
  起こし: 'wake',
  て: 'me',
  に: 'at',
  午前: 'am',
  午後: 'pm',
  五: 'five',
  六: 'six',
  九: 'nine',
  正午: 'noon',
  時: 'at',
  天気: 'weather',
  の: 'the',
  は: 'is',
  東京: 'tokyo',
  ローマ: 'rome',
  パリ: 'paris',
  曲: 'something',
  を: 'by',
  かけ: 'play',
  クイーン: 'queen',
  アデル: 'adele',
  マドンナ: 'madonna',
  プリンス: 'prince',
  ビートルズ: 'beatles',
};

/**
 * A .vec file: a seeded random vector per English word (but the `omitted`); Japanese words share
 * their translation's (aligned) or get their own (unaligned).
 */
function space(file: string, aligned: boolean, omitted: readonly string[] = []): string {
  const random = seededRandom('space');
  const vector = () => Array.from({ length: 16 }, () => (random() * 2 - 1).toFixed(4)).join(' ');
  const english = new Map(ENGLISH.map((word) => [word, vector()]));
  for (const word of omitted) english.delete(word);
  const japanese = Object.entries(JAPANESE).map(([word, translation]) => [word, aligned ? english.get(translation)! : vector()]);
  const rows = [...english, ...japanese].map(([word, values]) => `${word} ${values}`);
  writeFileSync(file, `${rows.length} 16\n${rows.join('\n')}\n`);
  return file;
}

describe('joint-bilstm-crf with fixed shared-space vectors (fixture data)', function () {
  this.timeout(180_000);
  const dataRoot = fixtureDataRoot();
  const work = mkdtempSync(path.join(tmpdir(), 'xlnlu-space-'));
  const runsDir = path.join(work, 'runs');
  const train = async (name: string, model: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
    const configFile = path.join(work, `${name}.json`);
    const joint = model.type === undefined;
    const resolved = joint ? tinyJointModel(20, { dropout: 0.1, wordDropout: 0.3, ...model }) : model;
    writeFileSync(configFile, JSON.stringify({ name, seed: 1, model: resolved, ...extra }));
    await trainRun({ configFile, runsDir, dataRoot });
    return path.join(runsDir, name);
  };
  const zeroShotIntent = async (run: string) =>
    (await evaluateRun({ runDir: run, locale: 'ja-JP', partition: 'test', dataRoot })).metrics.intentAccuracy!.estimate;

  before(() => selectBackend({ backend: 'wasm', log: () => undefined }));

  it('reads a language it never trained on through the space: en-US only, tested on ja-JP (mean of 4 seeds)', async () => {
    const [alignedVec, unalignedVec] = [space(path.join(work, 'aligned.vec'), true), space(path.join(work, 'unaligned.vec'), false)];
    const scores = { aligned: [] as number[], unaligned: [] as number[] };
    for (const seed of [1, 2, 3, 4]) {
      scores.aligned.push(
        await zeroShotIntent(await train(`aligned-s${seed}`, { pretrainedVectors: alignedVec, fixedVectors: true }, { seed })),
      );
      scores.unaligned.push(
        await zeroShotIntent(await train(`unaligned-s${seed}`, { pretrainedVectors: unalignedVec, fixedVectors: true }, { seed })),
      );
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const [withSpace, without] = [mean(scores.aligned), mean(scores.unaligned)];
    // 3 intents in ja-JP of 4 learnt: chance is about 1/4
    expect(withSpace, `zero-shot ja-JP intent: aligned ${scores.aligned}, unaligned ${scores.unaligned}`).to.be.above(0.6);
    expect(withSpace - without).to.be.above(0.4);
    const log = readFileSync(path.join(runsDir, 'aligned-s1', 'train-log.jsonl'), 'utf8');
    expect(log).to.match(/"fixedVectors":true,"spaceWords":61,"wordsCovered":37,/u);
  });

  it('keeps the space vectors fixed through training, and saves them: a reloaded model predicts the same', async () => {
    const records = partition((await loadMassive(dataRoot, ['ja-JP'])).get('ja-JP')!, 'test');
    const [a, b] = [
      await JointBilstmCrf.load(path.join(runsDir, 'aligned-s1', 'model')),
      await JointBilstmCrf.load(path.join(runsDir, 'aligned-s1', 'model')),
    ];
    const table = a.network.model.getLayer('space/vectors').getWeights()[0]!;
    const words = a.spaces.spaceWords!;
    const file = readFileSync(path.join(work, 'aligned.vec'), 'utf8').trim().split('\n').slice(1);
    for (const line of file) {
      const [word, ...values] = line.split(' ');
      const row = Array.from(table.slice([words.indexOf(word!), 0], [1, 16]).dataSync());
      expect(
        row.map((x) => x.toFixed(4)),
        word,
      ).to.deep.equal(values);
    }
    await a.prepare(['ja-JP']);
    await b.prepare(['ja-JP']);
    expect(b.predictRecords(records)).to.deep.equal(a.predictRecords(records));
    a.dispose();
    b.dispose();
  });

  it('records where a transferred model’s rows came from', async () => {
    // the space lacks three English words: they learn rows in both models, and transfer carries them over
    const partial = space(path.join(work, 'partial.vec'), true, ['delhi', 'new', 'york']);
    const source = await train('partial', { pretrainedVectors: partial, fixedVectors: true, maxEpochs: 2, patience: 2 });
    const target = await train(
      'partial-transfer',
      { pretrainedVectors: partial, fixedVectors: true, maxEpochs: 1, patience: 1 },
      { data: { trainLocales: ['en-US', 'ja-JP'] }, transfer: { from: source, copy: ['embeddings', 'encoder'] } },
    );
    const applied = JSON.parse(readFileSync(path.join(target, 'transfer.json'), 'utf8'));
    // trainable rows: delhi, new, york from the source; 京都, 大阪, 三 (no vector) initialised
    expect(applied.rowOrigins.words).to.deep.equal({ fromSource: 3, fromVectors: 0, initialised: 3 });
    expect(applied.carriedOver.words).to.deep.equal({ matched: 3, of: 8 });
    expect(applied.rowOrigins.spaceWords).to.deep.equal({ fromSpace: 58 });
    expect(applied.layers.map((l: { layer: string }) => l.layer)).to.not.include('space/vectors');
    // the encoder alone: no word row comes from the source
    const encoderOnly = await train(
      'partial-encoder',
      { pretrainedVectors: partial, fixedVectors: true, maxEpochs: 1, patience: 1 },
      { data: { trainLocales: ['en-US', 'ja-JP'] }, transfer: { from: source, copy: ['encoder'] } },
    );
    const encoderApplied = JSON.parse(readFileSync(path.join(encoderOnly, 'transfer.json'), 'utf8'));
    expect(encoderApplied.rowOrigins.words).to.deep.equal({ fromSource: 0, fromVectors: 0, initialised: 6 });
  });

  it('builds the space a run asks for (data.sharedSpace) from what the run may see, and removes the .vec once trained', async () => {
    const english = space(path.join(work, 'english.vec'), true, []);
    const sharedSpace = { locales: ['ja-JP'], vectors: english, lexicons: ['induced'] };
    const limited = await train(
      'built-space',
      { fixedVectors: true, maxEpochs: 1, patience: 1 },
      { data: { trainLocales: ['en-US', 'ja-JP'], trainLimits: { 'ja-JP': 6 }, sharedSpace } },
    );
    const report = JSON.parse(readFileSync(path.join(limited, 'space', 'report.json'), 'utf8'));
    expect(report.englishWords).to.equal(37); // the English words of the file (its Japanese rows are not English words)
    expect(report.targets['ja-JP'].composed).to.be.above(0);
    expect(existsSync(path.join(limited, 'space', 'vectors.vec'))).to.equal(false);
    const all = await train(
      'built-space-all',
      { fixedVectors: true, maxEpochs: 1, patience: 1 },
      { data: { trainLocales: ['en-US', 'ja-JP'], sharedSpace } },
    );
    const allReport = JSON.parse(readFileSync(path.join(all, 'space', 'report.json'), 'utf8'));
    // a run on 6 ja-JP utterances induces its lexicon from those 6 only
    expect(report.targets['ja-JP'].lexiconWords).to.be.below(allReport.targets['ja-JP'].lexiconWords);
    const refusals: Array<[string, Record<string, unknown>, Record<string, unknown>, RegExp]> = [
      [
        'both-vectors',
        { pretrainedVectors: english },
        { data: { sharedSpace } },
        /model\.pretrainedVectors and data\.sharedSpace both give word vectors/,
      ],
      [
        'maxent-space',
        { type: 'maxent-nlu' },
        { data: { sharedSpace } },
        /data\.sharedSpace builds word vectors, and maxent-nlu reads none/,
      ],
    ];
    for (const [name, model, extra, message] of refusals) {
      let error: unknown;
      await train(name, model, extra).catch((caught: unknown) => (error = caught));
      expect(String(error), name).to.match(message);
    }
  });

  it('refuses fixedVectors without pretrainedVectors', async () => {
    let error: unknown;
    await train('no-space', { fixedVectors: true }).catch((caught: unknown) => (error = caught));
    expect(String(error)).to.match(/model\.fixedVectors needs word vectors to read: model\.pretrainedVectors or data\.sharedSpace/);
  });
});
