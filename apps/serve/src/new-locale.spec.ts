import { expect } from 'chai';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { selectBackend } from '@xlnlu/compute';
import { addProfilesFromEnvironment, createTextPipeline, isLocale } from '@xlnlu/data';
import { evaluateRun, trainRun } from '@xlnlu/training';
import { fixtureDataRoot, tinyJointModel } from '@xlnlu/training/testing';
import { NluService } from './nlu-service.js';

// A locale the toolkit does not ship, written in Cyrillic: its English fixture utterances spelt letter by letter.
const LOCALE = 'be-BY';
const CYRILLIC: Record<string, string> = Object.fromEntries(
  [...'abcdefghijklmnopqrstuvwxyz'].map((latin, i) => [latin, 'абцдэфгхійклмнопкрстувўксыз'[i]!]),
);
const cyrillic = (text: string) => [...text].map((c) => CYRILLIC[c] ?? c).join('');

describe('a locale added by one profile entry flows through tokenization, training, evaluation and serving', function () {
  this.timeout(300_000);
  const work = mkdtempSync(path.join(tmpdir(), 'xlnlu-new-locale-'));
  const dataRoot = fixtureDataRoot();
  let run: string;

  before(async () => {
    await selectBackend({ backend: 'wasm', log: () => undefined });
    // the profile file: one entry, nothing else of the toolkit changes
    const profiles = path.join(work, 'profiles.json');
    writeFileSync(
      profiles,
      JSON.stringify({
        [LOCALE]: { language: 'Belarusian', scripts: ['Cyrillic'], tokenizer: 'unicode-words', romanizer: 'any-ascii', iso639_3: 'bel' },
      }),
    );
    expect(isLocale(LOCALE), 'not shipped').to.equal(false);
    addProfilesFromEnvironment({ XLNLU_LOCALE_PROFILES: profiles });
    // its MASSIVE file in the data root: the en-US fixture, text and slot values in Cyrillic, slot types as they are
    const english = readFileSync(path.join(dataRoot, 'massive-1.1', 'data', 'en-US.jsonl'), 'utf8')
      .trim()
      .split('\n');
    const lines = english.map((line) => {
      const record = JSON.parse(line) as Record<string, string>;
      return JSON.stringify({
        ...record,
        locale: LOCALE,
        utt: cyrillic(record['utt']!),
        annot_utt: record['annot_utt']!.replace(/\[([^:\]]+) : ([^\]]+)\]|[^[]+/gu, (whole, type?: string, value?: string) =>
          type === undefined ? cyrillic(whole) : `[${type} : ${cyrillic(value!)}]`,
        ),
      });
    });
    writeFileSync(path.join(dataRoot, 'massive-1.1', 'data', `${LOCALE}.jsonl`), `${lines.join('\n')}\n`);
    const config = path.join(work, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({
        name: 'joint-be',
        data: { trainLocales: [LOCALE] },
        model: tinyJointModel(25, { charBigramDim: 8, charView: 'romanized' }),
      }),
    );
    run = (await trainRun({ configFile: config, runsDir: path.join(work, 'runs'), dataRoot })).run.root;
  });

  it('tokenizes and romanizes it as its profile says', async () => {
    const { tokenizer, romanizer } = await createTextPipeline(LOCALE);
    const tokens = tokenizer.tokenize(cyrillic('wake me up at seven'));
    expect(tokens.map((t) => t.text)).to.deep.equal(['ўакэ', 'мэ', 'уп', 'ат', 'сэвэн']);
    expect(romanizer!.romanize(tokens[0]!)).to.equal('uake');
  });

  it('trains and evaluates on it', async () => {
    const report = await evaluateRun({ runDir: run, locale: LOCALE, partition: 'test', dataRoot });
    expect(report.metrics.utterances).to.be.greaterThan(10);
    expect(report.metrics.intentAccuracy!.estimate, 'the fixture is easy').to.be.at.least(0.8);
  });

  it('serves it, finding the locale from the Cyrillic script', async () => {
    const service = await NluService.load([run]);
    try {
      const parsed = service.parse(cyrillic('wake me up at seven am'));
      expect(parsed).to.deep.include({ locale: LOCALE, localeFrom: 'script: cyrillic', intent: 'alarm_set' });
      expect(() => service.parse('wake me up', LOCALE), 'Latin letters are readable in any locale').to.not.throw();
      expect(() => service.parse('明日', LOCALE)).to.throw(/does not read/);
    } finally {
      service.dispose();
    }
  });
});
