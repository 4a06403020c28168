import { expect } from 'chai';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readConll } from './conll-reader.js';
import { tempFile } from './testing/temp-file.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

describe('readConll', () => {
  it('splits sentences at blank and white-space-only lines', async () => {
    const { records, skipped } = await readConll(path.join(fixtures, 'wnut-sample.conll'));
    expect(skipped).to.deep.equal([]);
    expect(records.map((r) => r.id)).to.deep.equal(['wnut-sample.conll:1', 'wnut-sample.conll:7', 'wnut-sample.conll:10']);
    expect(records[0]!.tags).to.deep.equal(['B-location', 'I-location', 'I-location', 'O', 'B-location']);
    expect(records[0]!.text).to.equal('Empire State Building = ESB');
    for (const record of records) {
      for (const token of record.tokens) expect(record.text.slice(token.start, token.end)).to.equal(token.text);
    }
    expect(records[2]!.tokens.map((t) => t.text)).to.deep.equal(['lone']);
  });

  it('rejects a line with the wrong number of columns, naming file and line', async () => {
    const file = tempFile('bad.conll', 'a\tO\nb\n');
    let error: unknown;
    await readConll(file).catch((caught: unknown) => (error = caught));
    expect(String(error)).to.match(/bad\.conll:2 \(record bad\.conll:1\): expected the token and its tag in column -1 .*found 1 column/);
    const three = tempFile('three.conll', 'a\tNN\tO\n');
    await readConll(three, { tagColumn: 3 }).catch((caught: unknown) => (error = caught));
    expect(String(error)).to.match(/three\.conll:1 .*in column 3 .*found 3 column/);
  });

  it('reads CoNLL-2003: space-separated columns, the tag column chosen, -DOCSTART- and comments skipped', async () => {
    const file = tempFile(
      'eng.conll',
      '-DOCSTART- -X- -X- O\n\n# sent_id = 1\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\n\n-DOCSTART- -X- -X- O\nPeter NNP B-NP B-PER\n',
    );
    const { records } = await readConll(file);
    expect(records.map((r) => [r.text, r.tags])).to.deep.equal([
      ['EU rejects', ['B-ORG', 'O']],
      ['Peter', ['B-PER']],
    ]);
    const chunks = await readConll(file, { tagColumn: 2 });
    expect(chunks.records[0]!.tags).to.deep.equal(['B-NP', 'B-VP']);
  });

  it('rejects a malformed tag', async () => {
    const file = tempFile('bad.conll', 'a\tPER\n');
    let error: unknown;
    await readConll(file).catch((caught: unknown) => (error = caught));
    expect(String(error)).to.match(/bad\.conll:1 .*tag "PER" is not O, B-<type> or I-<type>/);
  });

  it('with skipInvalid, drops the whole sentence that has a bad line and reports it', async () => {
    const file = tempFile('mixed.conll', 'a\tO\nb\n\nc\tB-x\n');
    const { records, skipped } = await readConll(file, { skipInvalid: true });
    expect(records.map((r) => r.id)).to.deep.equal(['mixed.conll:4']);
    expect(skipped.map((s) => s.location.line)).to.deep.equal([2]);
  });
});
