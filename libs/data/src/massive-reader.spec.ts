import { expect } from 'chai';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { JapaneseTokenizer, WordTokenizer } from '@xlnlu/text';
import { readMassive } from './massive-reader.js';
import { tempFile } from './testing/temp-file.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const english = { tokenizer: new WordTokenizer(), locale: 'en-US' as const };
const line = (fields: Record<string, unknown>) =>
  JSON.stringify({
    id: '7',
    locale: 'en-US',
    partition: 'train',
    scenario: 'alarm',
    intent: 'alarm_set',
    utt: 'wake me',
    annot_utt: 'wake me',
    ...fields,
  });

describe('readMassive', function () {
  this.timeout(60_000);

  it('reads official records into tokenized, BIO-tagged records, ignoring the extra official fields', async () => {
    const { records, skipped, misaligned } = await readMassive(path.join(fixtures, 'massive-en.jsonl'), english);
    expect(skipped).to.deep.equal([]);
    expect(misaligned).to.deep.equal([]);
    expect(records.map((r) => [r.id, r.partition, r.domain, r.intent])).to.deep.equal([
      ['1', 'train', 'alarm', 'alarm_set'],
      ['2', 'dev', 'music', 'play_music'],
      ['3', 'test', 'weather', 'weather_query'],
    ]);
    expect(records[0]!.tokens.map((t) => t.text)).to.deep.equal(['wake', 'me', 'up', 'at', 'nine', 'am', 'on', 'friday']);
    expect(records[0]!.tags).to.deep.equal(['O', 'O', 'O', 'O', 'B-time', 'I-time', 'O', 'B-date']);
    expect(records[1]!.tags).to.deep.equal(['O', 'B-song_name', 'I-song_name', 'O', 'B-artist_name', 'I-artist_name']);
    expect(records[2]!.tags.every((tag) => tag === 'O')).to.equal(true);
  });

  it('tags Japanese tokens by character offsets and reports slots that cut a token', async () => {
    const tokenizer = await JapaneseTokenizer.create();
    const { records, misaligned } = await readMassive(path.join(fixtures, 'massive-ja.jsonl'), { tokenizer, locale: 'ja-JP' });
    expect(records[0]!.tokens.map((t, i) => `${t.text}/${records[0]!.tags[i]}`)).to.deep.equal([
      '金曜日/B-date',
      'の/O',
      '午前/B-time',
      '九/I-time',
      '時/I-time',
      'に/O',
      '起こし/O',
      'て/O',
      'ください/O',
    ]);
    // the annotators' slot 十秒 ends inside kuromoji's token 秒間
    expect(misaligned).to.deep.equal([{ recordId: '6', slot: { type: 'time', start: 0, end: 2 }, text: '十秒間ポーズして' }]);
    expect(records[1]!.tags.slice(0, 2)).to.deep.equal(['B-time', 'I-time']);
  });

  const invalid: Array<[string, string, RegExp]> = [
    ['malformed JSON', '{"id": "7", ', /bad\.jsonl:2: malformed JSON .*expected one MASSIVE record per line/],
    [
      'a missing field',
      JSON.stringify({ id: '7', locale: 'en-US' }),
      /bad\.jsonl:2 \(record 7\): field "partition" must be a string, found undefined/,
    ],
    [
      'an unknown locale',
      line({ locale: 'en-us' }),
      /bad\.jsonl:2 \(record 7\): field "locale": unknown locale "en-us".*did you mean "en-US"/,
    ],
    ['another locale than the file', line({ locale: 'es-ES' }), /record has locale es-ES but the file is read as en-US/],
    ['an unknown partition', line({ partition: 'validation' }), /field "partition" must be one of train, dev, test, found "validation"/],
    ['unbalanced brackets', line({ annot_utt: 'wake [time : me' }), /bad\.jsonl:2 \(record 7\): unbalanced "\["/],
    [
      'annotation text that does not match utt',
      line({ annot_utt: 'wake [person : you]' }),
      /\(record 7\): annot_utt text does not match utt at utt character 5/,
    ],
    ['a JSON array', '[1, 2]', /bad\.jsonl:2: expected a JSON object, found an array/],
  ];
  for (const [what, bad, message] of invalid) {
    it(`stops at ${what}, naming file, line and record`, async () => {
      const file = tempFile('bad.jsonl', `${line({ id: '6' })}\n${bad}\n`);
      let error: unknown;
      await readMassive(file, english).catch((caught: unknown) => (error = caught));
      expect(error).to.be.instanceOf(Error);
      expect((error as Error).message).to.match(message);
    });
  }

  it('with skipInvalid, counts and reports bad records and keeps the good ones', async () => {
    const file = tempFile(
      'mixed.jsonl',
      [line({ id: '1' }), '{oops', line({ id: '3', annot_utt: '[x : wake me' }), '', line({ id: '5' })].join('\n'),
    );
    const { records, skipped } = await readMassive(file, { ...english, skipInvalid: true });
    expect(records.map((r) => r.id)).to.deep.equal(['1', '5']);
    expect(skipped.map((s) => [s.location.line, s.location.recordId])).to.deep.equal([
      [2, undefined],
      [3, '3'],
    ]);
    expect(skipped[1]!.reason).to.match(/unbalanced "\["/);
  });
});
