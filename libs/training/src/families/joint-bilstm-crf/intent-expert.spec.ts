import { expect } from 'chai';
import type { NluRecord } from '@xlnlu/data';
import { combineIntentDistributions, expertColumns, intentExpertFeatures, trainIntentExpert } from './intent-expert.js';

const record = (text: string, intent: string) =>
  ({ tokens: text.split(' ').map((word) => ({ text: word })), intent }) as unknown as Pick<NluRecord, 'tokens' | 'intent'>;

describe('the linear intent expert beside the joint network', () => {
  it('reads word unigrams and bigrams of the lower-cased words, as the max-ent intent baseline', () => {
    expect(intentExpertFeatures(['wake', 'me'])).to.deep.equal(['bias', 'w1=wake', 'w1=me', 'w2=<s> wake', 'w2=wake me', 'w2=me </s>']);
  });

  it('combines two distributions as a renormalised geometric mean, the intents matched by name', () => {
    const expert = trainIntentExpert([record('Play Music', 'play'), record('wake me', 'alarm')], 0);
    // the network orders its intents otherwise than the expert (sorted: alarm, play) and has one the expert lacks
    const columns = expertColumns(['play', 'alarm', 'unseen'], expert);
    expect(Array.from(columns)).to.deep.equal([1, 0, -1]);
    const combined = combineIntentDistributions([0.5, 0.3, 0.2], [0.1, 0.9], columns);
    const raw = [Math.sqrt(0.5 * 0.9), Math.sqrt(0.3 * 0.1), 0.2];
    const total = raw.reduce((a, b) => a + b);
    raw.forEach((value, i) => expect(combined[i]).to.be.closeTo(value / total, 1e-12));
    // the expert can overturn the network's choice where the network is unsure and the expert is not
    const overturned = combineIntentDistributions([0.45, 0.55, 0], [0.02, 0.98], columns);
    expect(overturned[0]).to.be.above(overturned[1]!);
  });

  it('learns the training intents (the features of a lower-cased utterance)', () => {
    const expert = trainIntentExpert([record('Play Music', 'play'), record('wake me up', 'alarm')], 0);
    expect(expert.predict(intentExpertFeatures(['play', 'music']))).to.equal('play');
    expect(expert.predict(intentExpertFeatures(['wake', 'me']))).to.equal('alarm');
  });
});
