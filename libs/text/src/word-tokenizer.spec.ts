import { expect } from 'chai';
import { WordTokenizer } from './word-tokenizer.js';

const tokenizer = new WordTokenizer();
const texts = (text: string) => tokenizer.tokenize(text).map((token) => token.text);

describe('WordTokenizer', () => {
  it('splits English on word boundaries, keeping contractions and decimals whole', () => {
    // UAX #29 keeps 3.5 together but splits 5:30 at the colon; MASSIVE annotates both ways fine.
    expect(texts("wake me up at 5:30 am, don't forget 3.5 degrees!")).to.deep.equal([
      'wake',
      'me',
      'up',
      'at',
      '5',
      ':',
      '30',
      'am',
      ',',
      "don't",
      'forget',
      '3.5',
      'degrees',
      '!',
    ]);
  });

  it('keeps Spanish and Italian accented letters inside words', () => {
    expect(texts('despiértame a las seis, ¿vale?')).to.deep.equal(['despiértame', 'a', 'las', 'seis', ',', '¿', 'vale', '?']);
    expect(texts('che tempo farà lunedì')).to.deep.equal(['che', 'tempo', 'farà', 'lunedì']);
  });

  it('keeps Devanagari combining marks inside their word and splits off the danda', () => {
    // मुझे = म + ु + झ + े: the vowel signs are combining marks and must not start tokens.
    expect(texts('मुझे इस सप्ताह सुबह पांच बजे जगा दो।')).to.deep.equal(['मुझे', 'इस', 'सप्ताह', 'सुबह', 'पांच', 'बजे', 'जगा', 'दो', '।']);
    expect(texts('क़रीब ज़्यादा')).to.deep.equal(['क़रीब', 'ज़्यादा']);
  });

  it('gives offsets that slice back to each token, also after astral characters', () => {
    const text = 'play 🎵 música  now';
    for (const token of tokenizer.tokenize(text)) expect(text.slice(token.start, token.end)).to.equal(token.text);
    expect(texts(text)).to.deep.equal(['play', '🎵', 'música', 'now']);
  });

  it('returns no tokens for empty or blank text', () => {
    expect(tokenizer.tokenize('')).to.deep.equal([]);
    expect(tokenizer.tokenize(' \t\n')).to.deep.equal([]);
  });
});
