import { expect } from 'chai';
import { withDomainOf, type ItemsFile } from './domain-pairing.js';

describe("scoring a run with another run's domain classifier", () => {
  const names = { run: 'joint', domainRun: 'maxent' };
  const slots = (truePositives: number, gold: number, predicted: number) => ({ truePositives, gold, predicted });
  // four utterances: all right; slots wrong; intent wrong; a missed slot
  const joint: ItemsFile = {
    recordIds: ['1', '2', '3', '4'],
    domainCorrect: [1, 1, 1, 1],
    intentCorrect: [1, 1, 0, 1],
    slotCounts: [slots(1, 1, 1), slots(0, 1, 1), slots(0, 0, 0), slots(1, 2, 1)],
    frameCorrect: [1, 0, 0, 0],
  };
  const maxent: ItemsFile = { recordIds: ['1', '2', '3', '4'], domainCorrect: [0, 1, 1, 1], intentCorrect: [1, 1, 1, 1] };

  it('takes the domain from the other run and counts a frame right only where that domain, the intent and every slot are', () => {
    const paired = withDomainOf(joint, maxent, names);
    expect(paired.domainCorrect).to.deep.equal([0, 1, 1, 1]);
    expect(paired.frameCorrect).to.deep.equal([0, 0, 0, 0]);
    expect(paired.intentCorrect).to.deep.equal(joint.intentCorrect);
    const allDomainsRight = withDomainOf(joint, { ...maxent, domainCorrect: [1, 1, 1, 1] }, names);
    expect(allDomainsRight.frameCorrect).to.deep.equal([1, 0, 0, 0]);
    expect(paired.frameCorrectChars, 'no character scores, none made').to.equal(undefined);
  });

  it("makes the character-offset frames with the other run's domain too", () => {
    // utterance 4's slot cuts a token: found on tokens, missed on characters
    const withChars = { ...joint, slotCountsChars: [slots(1, 1, 1), slots(0, 1, 1), slots(0, 0, 0), slots(0, 1, 1)] };
    const paired = withDomainOf(
      { ...withChars, slotCounts: [slots(1, 1, 1), slots(0, 1, 1), slots(0, 0, 0), slots(1, 1, 1)] },
      { ...maxent, domainCorrect: [1, 1, 1, 1] },
      names,
    );
    expect(paired.frameCorrect).to.deep.equal([1, 0, 0, 1]);
    expect(paired.frameCorrectChars).to.deep.equal([1, 0, 0, 0]);
  });

  it('refuses runs scored on different items, a domain run without domains, and a run without slots', () => {
    expect(() => withDomainOf(joint, { ...maxent, recordIds: ['1', '2', '3', '5'] }, names)).to.throw(
      'joint with the domain of maxent: the two were scored on different test items',
    );
    expect(() => withDomainOf(joint, { recordIds: joint.recordIds, intentCorrect: [1, 1, 1, 1] }, names)).to.throw(
      'maxent has no domain predictions',
    );
    expect(() => withDomainOf({ recordIds: joint.recordIds, intentCorrect: [1, 1, 1, 1] }, maxent, names)).to.throw(
      'joint needs intent and slot predictions to score frames',
    );
  });
});
