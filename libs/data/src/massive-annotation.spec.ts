import { expect } from 'chai';
import { AnnotationError, alignSlots, parseAnnotation } from './massive-annotation.js';

describe('parseAnnotation', () => {
  it('extracts the plain text and slot spans', () => {
    const { text, slots } = parseAnnotation('wake me up at [time : five am] [date : this week]');
    expect(text).to.equal('wake me up at five am this week');
    expect(slots).to.deep.equal([
      { type: 'time', start: 14, end: 21 },
      { type: 'date', start: 22, end: 31 },
    ]);
  });

  it('keeps colons inside slot words', () => {
    const { text, slots } = parseAnnotation('at [time : 5:30 pm]');
    expect(text.slice(slots[0]!.start, slots[0]!.end)).to.equal('5:30 pm');
  });

  const malformed: Array<[string, RegExp]> = [
    ['set [time : five am', /unbalanced "\[" at character 4/],
    ['set time : five am]', /unbalanced "\]" at character 18/],
    ['set [time : [date : x]]', /unbalanced "\[" at character 4/],
    ['set [five am]', /expected "\[type : words\]" at character 4 of annot_utt, found "\[five am\]"/],
    ['set [time : ]', /expected "\[type : words\]"/],
  ];
  for (const [annotation, message] of malformed) {
    it(`rejects ${JSON.stringify(annotation)}`, () => {
      expect(() => parseAnnotation(annotation)).to.throw(AnnotationError, message);
    });
  }
});

describe('alignSlots', () => {
  it('maps Japanese slots from the spaced annotation onto the unsegmented utterance', () => {
    const { text, slots } = parseAnnotation('[date : 金曜日] の [time : 午前九時] に起こしてください');
    const utterance = '金曜日の午前九時に起こしてください';
    const aligned = alignSlots(text, slots, utterance);
    expect(aligned.map((s) => [s.type, utterance.slice(s.start, s.end)])).to.deep.equal([
      ['date', '金曜日'],
      ['time', '午前九時'],
    ]);
  });

  it('is the identity where the texts are equal', () => {
    const { text, slots } = parseAnnotation('play [song_name : bad romance]');
    expect(alignSlots(text, slots, 'play bad romance')).to.deep.equal(slots);
  });

  it('rejects an annotation whose text differs from utt, saying where', () => {
    const { text, slots } = parseAnnotation('play [song_name : bad romance]');
    expect(() => alignSlots(text, slots, 'play good romance')).to.throw(
      AnnotationError,
      /does not match utt at utt character 5: annotation has "bad romanc", utt has "good roman"/,
    );
  });
});
