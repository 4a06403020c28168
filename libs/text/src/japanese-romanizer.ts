import * as wanakana from 'wanakana';
import type { Romanizer, Token } from './token.js';

/**
 * Loanword spellings that wanakana romanizes badly (ティ → "tei", ファ → "fua"), mapped to the
 * Hepburn-style spelling we want; plus small kana that have no base. Keys are katakana: all kana
 * are turned into katakana first, because wanakana doubles the vowel for ー only after katakana.
 */
const LOANWORD_KANA: Record<string, string> = {
  ティ: 'ti',
  ディ: 'di',
  トゥ: 'tu',
  ドゥ: 'du',
  テュ: 'tyu',
  デュ: 'dyu',
  ファ: 'fa',
  フィ: 'fi',
  フェ: 'fe',
  フォ: 'fo',
  フュ: 'fyu',
  ヴァ: 'va',
  ヴィ: 'vi',
  ヴェ: 've',
  ヴォ: 'vo',
  ヴュ: 'vyu',
  ヴ: 'vu',
  ウィ: 'wi',
  ウェ: 'we',
  ウォ: 'wo',
  イェ: 'ye',
  ツァ: 'tsa',
  ツィ: 'tsi',
  ツェ: 'tse',
  ツォ: 'tso',
  クァ: 'kwa',
  グァ: 'gwa',
  ヮ: 'wa',
  ヵ: 'ka',
  ヶ: 'ke',
};
const LOANWORD_PATTERN = new RegExp(
  `(ッ?)(${Object.keys(LOANWORD_KANA)
    .sort((a, b) => b.length - a.length)
    .join('|')})`,
  'gu',
);

/** Particles written with one kana but pronounced with another. */
const PARTICLE_SOUNDS: Record<string, string> = { は: 'wa', へ: 'e', を: 'o' };
const HIRAGANA = /[\u3041-\u3096]/gu;
const KANA = /[\u3041-\u3096\u30a1-\u30fa]/u;
const JAPANESE_SCRIPT = /[\u3041-\u3096\u30a1-\u30fa\u4e00-\u9fff\u3400-\u4dbf\u3005]/u;

/** Hiragana → katakana by code point; leaves ー, Latin, digits and kanji as they are. */
function toKatakana(text: string): string {
  return text.replace(HIRAGANA, (ch) => String.fromCodePoint(ch.codePointAt(0)! + 0x60));
}

/**
 * Romanizes a Japanese token into a normalised lower-case Latin form, for the character module.
 * The rules, each pinned by a test:
 * - the source is the dictionary reading; an unknown word (no reading) is romanized from its
 *   surface, after NFKC (half-width kana and full-width Latin/digits become ordinary ones);
 *   kanji with no reading stay as they are;
 * - tokens with no kana or kanji (Latin words, numbers, symbols) are their NFKC surface,
 *   lower-cased, even where the dictionary has a reading (３ is "3", not "san");
 * - the particles は, へ, を are romanized as pronounced: wa, e, o;
 * - ん is always "n" (wanakana's "n'" before a vowel or y loses its apostrophe: 金曜日 → kinyoubi);
 * - long vowels are written doubled, whether spelled with ー or with a kana (コーヒー → koohii,
 *   九 キュウ → kyuu);
 * - small っ doubles the next consonant (きっと → kitto, まっちゃ → matcha, ティッシュ → tisshu,
 *   バッファ → baffa) and is dropped at the end of a word;
 * - loanword kana follow Hepburn (ティ → ti, ディ → di, ファ → fa, ヴァ → va, ウェ → we, トゥ → tu).
 */
export class JapaneseRomanizer implements Romanizer {
  readonly name = 'wanakana-hepburn-normalised';

  romanize(token: Token): string {
    if (token.partOfSpeech === '助詞' && PARTICLE_SOUNDS[token.text]) return PARTICLE_SOUNDS[token.text]!;
    const surface = token.text.normalize('NFKC');
    if (!JAPANESE_SCRIPT.test(surface)) return surface.toLowerCase();
    return romanizeKana(token.reading ?? surface);
  }
}

/** Romanizes kana (either script) in `text`; other characters pass through, lower-cased. */
export function romanizeKana(text: string): string {
  if (!KANA.test(text)) return text.toLowerCase();
  const withLoanwords = toKatakana(text)
    .replace(LOANWORD_PATTERN, (_, sokuon: string, kana: string) => {
      const latin = LOANWORD_KANA[kana]!;
      return sokuon ? latin[0] + latin : latin;
    })
    // wanakana cannot lengthen a vowel that is already Latin (ティー → "ti" + ー)
    .replace(/([aeiou])ー/gu, '$1$1');
  return wanakana.toRomaji(withLoanwords).replace(/'/gu, '').toLowerCase();
}
