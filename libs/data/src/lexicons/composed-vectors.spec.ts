import { expect } from 'chai';
import { composeVectors, formatVec, invertLexicons } from './composed-vectors.js';

describe('vectors composed from a lexicon (shared space, method a)', () => {
  const space = new Map([
    ['alarm', Float32Array.from([1, 0])],
    ['clock', Float32Array.from([0, 1])],
    ['music', Float32Array.from([1, 1])],
    ['no', Float32Array.from([-1, 0])],
  ]);

  it('keeps same-spelled words, averages the known translations of the others, counts the rest as missing', () => {
    const toSource = new Map([
      ['alarma', ['alarm']],
      ['despertador', ['alarm', 'clock', 'unknown-word']],
      ['nada', ['nothing']],
    ]);
    const { vectors, report } = composeVectors(['no', 'alarma', 'despertador', 'nada', 'alarma'], space, toSource);
    expect([...vectors.keys()]).to.deep.equal(['no', 'alarma', 'despertador']);
    expect(Array.from(vectors.get('despertador')!)).to.deep.equal([0.5, 0.5]);
    expect(report).to.deep.equal({ sameSpelling: 1, composed: 2, missing: 1 });
  });

  it('inverts lexicons, the first one first, and writes the .vec text format', () => {
    const inverted = invertLexicons(new Map([['alarm', ['Alarma', 'sveglia']]]), new Map([['clock', ['sveglia']]]));
    expect([...inverted]).to.deep.equal([
      ['alarma', ['alarm']],
      ['sveglia', ['alarm', 'clock']],
    ]);
    expect(
      formatVec(
        new Map([
          ['a', Float32Array.from([0.5, -1])],
          ['two words', Float32Array.from([1, 1])],
        ]),
      ),
    ).to.equal('1 2\na 0.5 -1\n');
  });
});
