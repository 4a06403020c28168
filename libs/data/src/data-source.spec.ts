import { expect } from 'chai';
import path from 'node:path';
import { dataSourceSchema, loadDataSource } from './data-source.js';
import { tempFile } from './testing/temp-file.js';

describe('data sources given by path', () => {
  const source = (file: string, format: string, extra: object = {}) =>
    dataSourceSchema.parse({ path: file, format, locale: 'en-US', ...extra });
  const massive = (id: number, partition: string) =>
    JSON.stringify({
      id: String(id),
      locale: 'en-US',
      partition,
      scenario: 'alarm',
      intent: 'alarm_set',
      utt: `wake me at ${id}`,
      annot_utt: `wake me at [time : ${id}]`,
    });

  it('splits a file without partitions by its content: the same split wherever the file lies', async () => {
    const text = `nlu:\n- intent: greet\n  examples: |\n${Array.from({ length: 20 }, (_, i) => `    - hello ${i}`).join('\n')}\n`;
    const here = await loadDataSource(source(tempFile('a.yml', text), 'rasa'));
    const there = await loadDataSource(source(tempFile('b.yml', text), 'rasa'));
    expect(here.provenance.partitions).to.deep.equal({ train: 16, dev: 2, test: 2 });
    const testIds = (records: { id: string; partition: string }[]) => records.filter((r) => r.partition === 'test').map((r) => r.id);
    expect(testIds(there.records)).to.deep.equal(testIds(here.records));
  });

  it('splits a dev set off the train records of a MASSIVE file that has none, and keeps its test set', async () => {
    const lines = [...Array.from({ length: 18 }, (_, i) => massive(i, 'train')), massive(18, 'test'), massive(19, 'test')];
    const { provenance, records } = await loadDataSource(source(tempFile('no-dev.jsonl', `${lines.join('\n')}\n`), 'massive'));
    expect(provenance.partitions).to.deep.equal({ train: 16, dev: 2, test: 2 });
    expect(records.filter((r) => r.partition === 'test').map((r) => r.id)).to.deep.equal(['18', '19']);
  });

  it('refuses, before any training, a file too small to leave a dev set, and a path that is not there', async () => {
    let error: unknown;
    await loadDataSource(source(tempFile('tiny.yml', 'nlu:\n- intent: greet\n  examples: |\n    - hi\n    - hello\n'), 'rasa')).catch(
      (caught: unknown) => (error = caught),
    );
    expect(String(error)).to.match(/tiny\.yml: 2 records leave no dev set .*change data\.dataset\.split/);
    await loadDataSource(source(path.join(path.dirname(tempFile('present.yml', '')), 'absent.yml'), 'rasa')).catch(
      (caught: unknown) => (error = caught),
    );
    expect(String(error)).to.match(/absent\.yml: no such file/);
  });
});
