import { expect } from 'chai';
import { AnyAsciiRomanizer } from './any-ascii-romanizer.js';
import { ChineseRomanizer } from './chinese-romanizer.js';
import { KoreanRomanizer } from './korean-romanizer.js';

const token = (text: string) => ({ text, start: 0, end: text.length });

describe('romanizers of the scripts beyond the articles', () => {
  it('ChineseRomanizer: toneless pinyin of a word, simplified or traditional, reading in context', () => {
    const romanizer = new ChineseRomanizer();
    expect(['客厅', '客廳', '银行', '闹钟'].map((w) => romanizer.romanize(token(w)))).to.deep.equal([
      'keting',
      'keting',
      'yinhang',
      'naozhong',
    ]);
    expect(romanizer.romanize(token('WiFi3'))).to.equal('wifi3');
  });

  it('KoreanRomanizer: Revised Romanization with its sound changes', () => {
    const romanizer = new KoreanRomanizer();
    expect(['알람', '깨워줘', '내일'].map((w) => romanizer.romanize(token(w)))).to.deep.equal(['allam', 'kkaewojwo', 'naeil']);
    expect(romanizer.romanize(token('WiFi'))).to.equal('wifi');
  });

  it('AnyAsciiRomanizer: Cyrillic, Arabic, Thai, Greek to lower-case ASCII', () => {
    const romanizer = new AnyAsciiRomanizer();
    expect(['Включи', 'شغل', 'ปลุก', 'Ελλάδα'].map((w) => romanizer.romanize(token(w)))).to.deep.equal([
      'vklyuchi',
      'shghl',
      'pluk',
      'ellada',
    ]);
  });
});
