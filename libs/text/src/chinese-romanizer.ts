import { pinyin } from 'pinyin-pro';
import type { Romanizer, Token } from './token.js';

/**
 * Han characters → toneless pinyin through pinyin-pro (simplified and traditional), one word
 * spelled as one Latin string (客厅 → "keting"); Latin, digits and other characters pass
 * through. pinyin-pro picks each character's reading in its word's context, so 行 in 银行 is "hang".
 */
export class ChineseRomanizer implements Romanizer {
  readonly name = 'pinyin-pro-toneless';

  romanize(token: Token): string {
    return pinyin(token.text, { toneType: 'none', separator: '', nonZh: 'consecutive', v: true }).toLowerCase();
  }
}
