import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WordTokenizer } from '@xlnlu/text';
import { parseAnnotation } from './massive-annotation.js';
import { readMassive } from './massive-reader.js';
import { formatAnnotation } from './massive-writer.js';

describe('MASSIVE writer and the convert command', function () {
  this.timeout(60_000);

  it('formats annot_utt so that the MASSIVE parser reads back the same text and spans', () => {
    const slots = [
      { type: 'date', start: 23, end: 31 },
      { type: 'time', start: 14, end: 22 },
    ];
    const annotation = formatAnnotation('wake me up at seven am tomorrow', slots);
    expect(annotation).to.equal('wake me up at [time : seven am] [date : tomorrow]');
    expect(parseAnnotation(annotation)).to.deep.equal({ text: 'wake me up at seven am tomorrow', slots: [...slots].reverse() });
    expect(() =>
      formatAnnotation('abc', [
        { type: 'a', start: 0, end: 2 },
        { type: 'b', start: 1, end: 3 },
      ]),
    ).to.throw(/slots overlap at offset 1/);
  });

  it('converts a Rasa file to MASSIVE jsonl that reads back with the same intents, texts and slots', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'xlnlu-convert-'));
    const input = path.join(work, 'nlu.yml');
    const examples = ['hi', 'hello', 'hey there', 'good morning', 'howdy'].map((g) => `    - ${g}`);
    const alarms = ['seven', 'six', 'noon', 'five', 'nine'].map((t) => `    - wake me at [${t}](time)`);
    writeFileSync(
      input,
      `nlu:\n- intent: greet\n  examples: |\n${examples.join('\n')}\n- intent: alarm_set\n  examples: |\n${alarms.join('\n')}\n`,
    );
    const output = path.join(work, 'de-DE.jsonl');
    const run = spawnSync(
      'npx',
      ['tsx', 'libs/data/src/convert-cli.ts', `--input=${input}`, '--format=rasa', '--locale=de-DE', `--output=${output}`],
      {
        encoding: 'utf8',
      },
    );
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stderr).to.match(/10 records \(train 8, dev 1, test 1\)/);
    const { records } = await readMassive(output, { tokenizer: new WordTokenizer(), locale: 'de-DE' });
    expect(records.map((r) => [r.intent, r.text, r.slots.map((s) => r.text.slice(s.start, s.end))]).sort()).to.deep.include.members([
      ['alarm_set', 'wake me at noon', ['noon']],
      ['greet', 'hey there', []],
    ]);
    expect(readFileSync(output, 'utf8')).to.match(/"annot_utt":"wake me at \[time : \w+\]"/);
    const bad = spawnSync('npx', ['tsx', 'libs/data/src/convert-cli.ts', `--input=${input}`, '--format=yaml', '--locale=de-DE'], {
      encoding: 'utf8',
    });
    expect(bad.status).to.equal(1);
    expect(bad.stderr).to.match(/--format: Invalid option: expected one of "massive"\|"conll"\|"span-json"\|"rasa"/);
  });
});
