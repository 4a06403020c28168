import { expect } from 'chai';
import { createTextPipeline } from '@xlnlu/text';
import { readConll } from './conll-reader.js';
import { dataFiles, massiveLocalesIn } from './data-root.js';
import { readMassive } from './massive-reader.js';
import { massiveStats, type MassiveStats } from './massive-stats.js';
import { readSpanJson } from './span-json-reader.js';
import { sharedDataRootOrSkip } from './testing/shared-data.js';

// the five of the articles and the seven added for new languages (../shared/datasets/README.md)
const LOCALES = ['en-US', 'es-ES', 'it-IT', 'hi-IN', 'ja-JP', 'fr-FR', 'pt-PT', 'ru-RU', 'ar-SA', 'zh-CN', 'ko-KR', 'th-TH'];

// The real data sets, read in full: what the stats command reports, pinned.
describe('shared data sets', function () {
  this.timeout(180_000);
  let root: string;
  const stats = new Map<string, MassiveStats>();

  before(async function () {
    root = sharedDataRootOrSkip(this);
    expect(massiveLocalesIn(root)).to.have.members(LOCALES);
    for (const locale of LOCALES) {
      const { tokenizer } = await createTextPipeline(locale);
      stats.set(locale, massiveStats(await readMassive(dataFiles.massive(root, locale), { tokenizer, locale })));
    }
  });

  for (const locale of LOCALES) {
    it(`MASSIVE ${locale}: 16,521 records (11,514/2,033/2,974), 18 domains, 60 intents, 55 slot types, nothing skipped`, () => {
      const s = stats.get(locale)!;
      expect(s.records).to.equal(16521);
      expect(s.partitions).to.deep.equal({ train: 11514, dev: 2033, test: 2974 });
      expect([s.domains.length, s.intents.length, s.slotTypes.length]).to.deep.equal([18, 60, 55]);
      expect(s.skippedRecords).to.equal(0);
    });
  }

  it('MASSIVE: every slot aligns to token boundaries in all but ja-JP and zh-CN (Thai included)', () => {
    for (const locale of LOCALES.filter((l) => l !== 'ja-JP' && l !== 'zh-CN'))
      expect(stats.get(locale)!.misalignedSlots, locale).to.equal(0);
  });

  it('MASSIVE zh-CN: 499 of 16,105 slots cut an ICU dictionary word (3.10 %: 这周五点 is read as 这/周五/点, see README)', () => {
    const s = stats.get('zh-CN')!;
    expect([s.misalignedSlots, s.slots]).to.deep.equal([499, 16105]);
  });

  it('MASSIVE ja-JP: 223 of 16,052 slots cut a kuromoji token (1.39 %; annotation convention, see README)', () => {
    const s = stats.get('ja-JP')!;
    expect([s.misalignedSlots, s.slots]).to.deep.equal([223, 16052]);
  });

  it('WNUT-17 reads completely: 3,394 / 1,009 / 1,287 sentences', async () => {
    const counts = [];
    for (const split of ['train', 'dev', 'test'] as const) {
      const { records, skipped } = await readConll(dataFiles.wnut17(root, split));
      expect(skipped).to.deep.equal([]);
      counts.push(records.length);
    }
    expect(counts).to.deep.equal([3394, 1009, 1287]);
  });

  it('Japanese Wikipedia NER reads completely: 5,343 sentences, every entity valid', async () => {
    const { tokenizer } = await createTextPipeline('ja-JP');
    const { records, skipped, misaligned } = await readSpanJson(dataFiles.stockmarkNer(root), { tokenizer });
    expect(skipped).to.deep.equal([]);
    expect(records).to.have.length(5343);
    expect(new Set(records.flatMap((r) => r.entities!.map((e) => e.type))).size).to.equal(8);
    console.log(
      `      ner.json: ${misaligned.length} of ${records.reduce((n, r) => n + r.entities!.length, 0)} entities cut a kuromoji token`,
    );
  });
});
