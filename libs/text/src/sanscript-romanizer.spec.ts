import { expect } from 'chai';
import { SanscriptRomanizer, recomposeNukta } from './sanscript-romanizer.js';

const token = (text: string) => ({ text, start: 0, end: text.length });

describe('SanscriptRomanizer', () => {
  it('romanizes Devanagari words in IAST (default) and ITRANS', () => {
    const iast = new SanscriptRomanizer();
    const itrans = new SanscriptRomanizer('itrans');
    expect(['मुझे', 'सप्ताह', 'पांच', 'अलार्म'].map((w) => iast.romanize(token(w)))).to.deep.equal(['mujhe', 'saptāha', 'pāṃca', 'alārma']);
    expect(['सप्ताह', 'पांच'].map((w) => itrans.romanize(token(w)))).to.deep.equal(['saptAha', 'pAMcha']);
  });

  it('recomposes nukta letters whatever normalisation the input had', () => {
    const decomposed = 'क\u093cरीब'; // क + nukta + रीब: what NFC produces
    const precomposed = '\u0958रीब';
    expect(recomposeNukta(decomposed)).to.equal(precomposed);
    const romanizer = new SanscriptRomanizer();
    expect(romanizer.romanize(token(decomposed))).to.equal('qarība');
    expect(romanizer.romanize(token(precomposed))).to.equal('qarība');
    // without recomposition sanscript would leave the nukta sign inside the Latin output
    expect(romanizer.romanize(token('फ़िल्म'.normalize('NFD')))).to.not.match(/\u093c/u);
  });

  it('passes Latin and digits through', () => {
    expect(new SanscriptRomanizer().romanize(token('WiFi'))).to.equal('wifi');
    expect(new SanscriptRomanizer().romanize(token('5'))).to.equal('5');
  });

  it('rejects an unknown scheme', () => {
    expect(() => new SanscriptRomanizer('hk' as never)).to.throw(
      /unknown sanscript romanization scheme "hk"; expected one of iast, itrans/,
    );
  });

  it('romanizes the other Brahmic scripts by name, and refuses one sanscript does not know', () => {
    const romanize = (script: 'bengali' | 'tamil' | 'telugu', word: string) => new SanscriptRomanizer('iast', script).romanize(token(word));
    expect([romanize('bengali', 'বাংলা'), romanize('tamil', 'தமிழ்'), romanize('telugu', 'తెలుగు')]).to.deep.equal([
      'vāṃlā',
      'dhamiḻ',
      'tèlugu',
    ]);
    expect(new SanscriptRomanizer('iast', 'tamil').name).to.equal('sanscript-tamil-iast');
    expect(() => new SanscriptRomanizer('iast', 'klingon' as never)).to.throw(/sanscript: unknown script "klingon"/);
  });
});
