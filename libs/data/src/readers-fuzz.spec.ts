import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WordTokenizer } from '@xlnlu/text';
import { readConll } from './conll-reader.js';
import { DataError } from './data-error.js';
import { readMassive } from './massive-reader.js';
import { readSpanJson } from './span-json-reader.js';

/**
 * Throws random bytes, huge lines, emoji, mixed scripts and broken JSON at the three readers: each
 * must read records, skip them with a reason (skipInvalid) or throw a DataError naming the place;
 * never crash with anything else.
 */
describe('readers under fuzzing', function () {
  this.timeout(60_000);
  let seed = 777;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));
  const odd = [
    '🙂🎉',
    'ビートルズ',
    'टाइमर',
    '\u0000',
    '\ud800',
    '"',
    '\\',
    '[',
    ']',
    ':',
    '\t',
    'B-',
    'I-x',
    '{',
    '}',
    'a'.repeat(100_000),
  ];
  const massiveLine = () =>
    pick([
      () => bytes(1 + Math.floor(random() * 200)).toString('latin1'),
      () =>
        JSON.stringify({
          id: pick(['1', 2, null]),
          locale: pick(['en-US', 'xx', 3]),
          partition: pick(['train', 'nope']),
          scenario: pick(odd),
          intent: 'a_b',
          utt: pick(odd) + pick(odd),
          annot_utt: `[${pick(odd)} : ${pick(odd)}]`,
        }),
      () => `{"id": "1", "utt": "${pick(odd)}"`,
      () => pick(odd),
    ])();
  const conllLine = () =>
    pick([() => `${pick(odd)}\t${pick(['O', 'B-x', 'I-x', 'X', ''])}`, () => bytes(40).toString('latin1'), () => '', () => pick(odd)])();
  const spanDocument = () =>
    pick([
      () => bytes(300).toString('latin1'),
      () =>
        JSON.stringify(
          Array.from({ length: 5 }, () => ({
            curid: pick(['1', 1, null]),
            text: pick(odd) + pick(odd),
            entities: [{ name: pick(odd), span: [Math.floor(random() * 5), Math.floor(random() * 9) - 2], type: pick(odd) }],
          })),
        ),
      () => JSON.stringify(pick([null, {}, 'x', [1, 2], [{ text: 3 }]])),
      () => '[{"curid": "1", "text": "abc", "entities": [',
    ])();

  const write = (name: string, content: string) => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'xlnlu-fuzz-')), name);
    writeFileSync(file, content);
    return file;
  };
  const cleanly = async (read: () => Promise<unknown>) => {
    try {
      await read();
    } catch (error) {
      expect(error, String(error).slice(0, 300)).to.be.instanceOf(DataError);
      expect((error as DataError).message).to.match(/^[^:]+\.(jsonl|conll|json)(:\d+)?/);
    }
  };

  it('MASSIVE jsonl: every file reads, skips with reasons, or fails with a DataError', async () => {
    const tokenizer = new WordTokenizer();
    for (let i = 0; i < 40; i++) {
      const file = write('fuzz.jsonl', Array.from({ length: 1 + Math.floor(random() * 6) }, massiveLine).join('\n'));
      await cleanly(() => readMassive(file, { tokenizer, locale: 'en-US' }));
      const lenient = await readMassive(file, { tokenizer, locale: 'en-US', skipInvalid: true }).catch((error: unknown) => error as Error);
      if (!(lenient instanceof Error)) for (const skipped of lenient.skipped) expect(skipped.reason).to.be.a('string');
    }
  });

  it('CoNLL: every file reads, skips with reasons, or fails with a DataError', async () => {
    for (let i = 0; i < 40; i++) {
      const file = write('fuzz.conll', Array.from({ length: 1 + Math.floor(random() * 10) }, conllLine).join('\n'));
      await cleanly(() => readConll(file));
      await cleanly(() => readConll(file, { skipInvalid: true }));
    }
  });

  it('span JSON: every file reads, skips with reasons, or fails with a DataError', async () => {
    const tokenizer = new WordTokenizer();
    for (let i = 0; i < 40; i++) {
      const file = write('fuzz.json', spanDocument());
      await cleanly(() => readSpanJson(file, { tokenizer }));
      await cleanly(() => readSpanJson(file, { tokenizer, skipInvalid: true }));
    }
  });
});
