import { expect } from 'chai';
import { loadMassive, partition, trainingRecords } from './massive-data.js';
import { fixtureDataRoot } from './testing/fixture-data.js';

describe('trainingRecords', () => {
  it('takes every training record, or a seeded sample per locale, with per-locale caps replacing the common one', async () => {
    const data = await loadMassive(fixtureDataRoot(), ['en-US', 'ja-JP']);
    const trainSize = (locale: 'en-US' | 'ja-JP') => partition(data.get(locale)!, 'train').length;
    const count = (records: { locale: string }[], locale: string) => records.filter((r) => r.locale === locale).length;
    const all = trainingRecords(data, null, 0);
    expect([count(all, 'en-US'), count(all, 'ja-JP')]).to.deep.equal([trainSize('en-US'), trainSize('ja-JP')]);
    const capped = trainingRecords(data, 20, 0, { 'ja-JP': 6 });
    expect([count(capped, 'en-US'), count(capped, 'ja-JP')]).to.deep.equal([20, 6]);
    expect(trainingRecords(data, 20, 0, { 'ja-JP': 6 }).map((r) => r.id)).to.deep.equal(capped.map((r) => r.id));
    expect(trainingRecords(data, 20, 1, { 'ja-JP': 6 }).map((r) => r.id)).to.not.deep.equal(capped.map((r) => r.id));
  });
});
