import { expect } from 'chai';
import { JapaneseRomanizer, romanizeKana } from './japanese-romanizer.js';
import { JapaneseTokenizer, longRunCuts, MAX_CLASS_RUN } from './japanese-tokenizer.js';

describe('JapaneseTokenizer + JapaneseRomanizer', function () {
  this.timeout(60_000);
  let tokenizer: JapaneseTokenizer;
  const romanizer = new JapaneseRomanizer();

  before(async () => {
    tokenizer = await JapaneseTokenizer.create();
  });

  it('segments the alarm example with readings and romanizations', () => {
    const tokens = tokenizer.tokenize('金曜日の午前九時に起こしてください');
    expect(tokens.map((t) => t.text)).to.deep.equal(['金曜日', 'の', '午前', '九', '時', 'に', '起こし', 'て', 'ください']);
    expect(tokens.map((t) => t.reading)).to.deep.equal(['キンヨウビ', 'ノ', 'ゴゼン', 'キュウ', 'ジ', 'ニ', 'オコシ', 'テ', 'クダサイ']);
    expect(tokens.map((t) => romanizer.romanize(t))).to.deep.equal([
      'kinyoubi',
      'no',
      'gozen',
      'kyuu',
      'ji',
      'ni',
      'okoshi',
      'te',
      'kudasai',
    ]);
    expect(tokens.map((t) => [t.start, t.end])).to.deep.equal([
      [0, 3],
      [3, 4],
      [4, 6],
      [6, 7],
      [7, 8],
      [8, 9],
      [9, 12],
      [12, 13],
      [13, 17],
    ]);
  });

  it('cuts runs of one character class longer than MAX_CLASS_RUN before kuromoji (its time is quadratic in them), and nothing else', () => {
    expect(longRunCuts('ミュージックバンドクイーンの曲をかけて')).to.deep.equal([]);
    expect(longRunCuts('ア'.repeat(70))).to.deep.equal([MAX_CLASS_RUN, 2 * MAX_CLASS_RUN]);
    expect(longRunCuts(`${'a'.repeat(40)}の${'1'.repeat(33)}`)).to.deep.equal([MAX_CLASS_RUN, 41 + MAX_CLASS_RUN]);
    expect(longRunCuts('😀'.repeat(40)), 'counted in code points, never inside a surrogate pair').to.deep.equal([2 * MAX_CLASS_RUN]);
    const text = 'ｱｲｳｴｵｶｷｸｹｺ'.repeat(100);
    const times: number[] = [];
    let tokens = tokenizer.tokenize(text);
    for (let i = 0; i < 9; i++) {
      const started = performance.now();
      tokens = tokenizer.tokenize(text);
      times.push(performance.now() - started);
    }
    expect(tokens.map((t) => t.text).join('')).to.equal(text);
    for (const token of tokens) expect(text.slice(token.start, token.end)).to.equal(token.text);
    expect(times.sort((a, b) => a - b)[4], 'median ms for 1,000 half-width katakana (was 120–230)').to.be.below(20);
  });

  it('shares one dictionary load between tokenizers', async () => {
    const started = performance.now();
    const second = await JapaneseTokenizer.create();
    expect(performance.now() - started).to.be.below(50);
    expect(second.tokenize('今日').map((t) => t.text)).to.deep.equal(['今日']);
  });

  it('romanizes particles as pronounced', () => {
    const romaji = (text: string) => tokenizer.tokenize(text).map((t) => romanizer.romanize(t));
    expect(romaji('今週は雨')).to.deep.equal(['konshuu', 'wa', 'ame']);
    expect(romaji('東京へ行く')).to.deep.equal(['toukyou', 'e', 'iku']);
    expect(romaji('音楽を再生')).to.deep.equal(['ongaku', 'o', 'saisei']);
    // は inside a word is not a particle
    expect(romaji('はし')).to.deep.equal(['hashi']);
  });

  it('romanizes unknown words from their surface, keeping kanji without a reading', () => {
    const [smartphone] = tokenizer.tokenize('スマホ');
    expect(smartphone!.reading).to.equal(undefined);
    expect(romanizer.romanize(smartphone!)).to.equal('sumaho');
    expect(romanizer.romanize({ text: 'ｴｱｺﾝ', start: 0, end: 4 })).to.equal('eakon');
    expect(romanizer.romanize({ text: '鬮', start: 0, end: 1 })).to.equal('鬮');
  });

  it('passes Latin letters and digits through, lower-cased and NFKC-normalised', () => {
    const tokens = tokenizer.tokenize('iPhone 12を３台');
    expect(tokens.map((t) => t.text)).to.deep.equal(['iPhone', '12', 'を', '３', '台']);
    expect(tokens.map((t) => romanizer.romanize(t))).to.deep.equal(['iphone', '12', 'o', '3', 'dai']);
  });

  it('drops white space and keeps offsets right after astral characters', () => {
    const text = '🎵 音楽　を かけて';
    const tokens = tokenizer.tokenize(text);
    for (const token of tokens) expect(text.slice(token.start, token.end)).to.equal(token.text);
    expect(tokens.map((t) => t.text))
      .to.not.include(' ')
      .and.not.include('　');
  });
});

describe('romanizeKana', () => {
  const cases: Array<[string, string, string]> = [
    ['キンヨウビ', 'kinyoubi', "ん before y loses wanakana's apostrophe"],
    ['シンアイ', 'shinai', 'ん before a vowel loses the apostrophe'],
    ['コーヒー', 'koohii', 'ー doubles the vowel'],
    ['キュウ', 'kyuu', 'a long vowel spelled with kana is doubled too'],
    ['キット', 'kitto', 'small っ doubles the consonant'],
    ['マッチャ', 'matcha', 'っ before ch is t'],
    ['アッ', 'a', 'word-final っ is dropped'],
    ['ティッシュ', 'tisshu', 'ティ is ti'],
    ['パーティー', 'paatii', 'ティ with a long vowel'],
    ['ディズニー', 'dizunii', 'ディ is di'],
    ['ファイル', 'fairu', 'ファ is fa'],
    ['バッファ', 'baffa', 'っ before a loanword digraph doubles its consonant'],
    ['フェスティバル', 'fesutibaru', 'フェ is fe'],
    ['ヴァイオリン', 'vaiorin', 'ヴァ is va'],
    ['ウェブ', 'webu', 'ウェ is we'],
    ['トゥルー', 'turuu', 'トゥ is tu'],
    ['ぴゃ', 'pya', 'hiragana yōon'],
    ['らーめん', 'raamen', 'ー after hiragana doubles the vowel too'],
    ['abc', 'abc', 'Latin passes through'],
  ];
  for (const [kana, romaji, rule] of cases) {
    it(`${kana} → ${romaji} (${rule})`, () => expect(romanizeKana(kana)).to.equal(romaji));
  }
});
