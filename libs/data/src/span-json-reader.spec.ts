import { expect } from 'chai';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { JapaneseTokenizer } from '@xlnlu/text';
import { readSpanJson } from './span-json-reader.js';
import { tempFile } from './testing/temp-file.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

describe('readSpanJson', function () {
  this.timeout(60_000);
  let tokenizer: JapaneseTokenizer;
  before(async () => {
    tokenizer = await JapaneseTokenizer.create();
  });

  it('turns character-span entities into BIO tags over kuromoji tokens', async () => {
    const { records, skipped, misaligned } = await readSpanJson(path.join(fixtures, 'ner-sample.json'), { tokenizer });
    expect(skipped).to.deep.equal([]);
    expect(misaligned).to.deep.equal([]);
    expect(records.map((r) => r.id)).to.deep.equal(['0:42', '1:42']);
    const tagged = records[0]!.tokens.map((t, i) => `${t.text}/${records[0]!.tags[i]}`);
    expect(tagged.filter((t) => !t.endsWith('/O'))).to.deep.equal([
      'レッド/B-法人名',
      'フォックス/I-法人名',
      '株式会社/I-法人名',
      '東京/B-地名',
      '都/I-地名',
    ]);
  });

  const invalid: Array<[string, unknown, RegExp]> = [
    [
      'a span past the text',
      [{ curid: '1', text: 'abc', entities: [{ name: 'abc', span: [0, 9], type: 'x' }] }],
      /bad\.json \(record 0:1\): entity 0: "span" must be \[start, end\] with 0 ≤ start < end ≤ 3, found \[0,9\]/,
    ],
    [
      'a name the span does not cover',
      [{ curid: '1', text: 'abc', entities: [{ name: 'ab', span: [1, 3], type: 'x' }] }],
      /entity 0: span \[1,3\] covers "bc", but its name is "ab"/,
    ],
    ['a missing text', [{ curid: '1', entities: [] }], /\(record 0:1\): field "text" must be a string/],
    ['not an array', { curid: '1' }, /bad\.json: expected a JSON array/],
  ];
  for (const [what, document, message] of invalid) {
    it(`rejects ${what}`, async () => {
      let error: unknown;
      await readSpanJson(tempFile('bad.json', JSON.stringify(document)), { tokenizer }).catch((caught: unknown) => (error = caught));
      expect(String(error)).to.match(message);
    });
  }

  it('rejects malformed JSON naming the file', async () => {
    let error: unknown;
    await readSpanJson(tempFile('bad.json', '[{'), { tokenizer }).catch((caught: unknown) => (error = caught));
    expect(String(error)).to.match(/bad\.json: malformed JSON/);
  });
});
