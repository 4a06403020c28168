import { expect } from 'chai';
import { HindiRomanizer, recomposeNukta } from './hindi-romanizer.js';

const token = (text: string) => ({ text, start: 0, end: text.length });

describe('HindiRomanizer', () => {
  it('romanizes Devanagari words in IAST (default) and ITRANS', () => {
    const iast = new HindiRomanizer();
    const itrans = new HindiRomanizer('itrans');
    expect(['मुझे', 'सप्ताह', 'पांच', 'अलार्म'].map((w) => iast.romanize(token(w)))).to.deep.equal(['mujhe', 'saptāha', 'pāṃca', 'alārma']);
    expect(['सप्ताह', 'पांच'].map((w) => itrans.romanize(token(w)))).to.deep.equal(['saptAha', 'pAMcha']);
  });

  it('recomposes nukta letters whatever normalisation the input had', () => {
    const decomposed = 'क\u093cरीब'; // क + nukta + रीब: what NFC produces
    const precomposed = '\u0958रीब';
    expect(recomposeNukta(decomposed)).to.equal(precomposed);
    const romanizer = new HindiRomanizer();
    expect(romanizer.romanize(token(decomposed))).to.equal('qarība');
    expect(romanizer.romanize(token(precomposed))).to.equal('qarība');
    // without recomposition sanscript would leave the nukta sign inside the Latin output
    expect(romanizer.romanize(token('फ़िल्म'.normalize('NFD')))).to.not.match(/\u093c/u);
  });

  it('passes Latin and digits through', () => {
    expect(new HindiRomanizer().romanize(token('WiFi'))).to.equal('wifi');
    expect(new HindiRomanizer().romanize(token('5'))).to.equal('5');
  });

  it('rejects an unknown scheme', () => {
    expect(() => new HindiRomanizer('hk' as never)).to.throw(/unknown Hindi romanization scheme "hk"; expected one of iast, itrans/);
  });
});
