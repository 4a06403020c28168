import anyAscii from 'any-ascii';
import type { Romanizer, Token } from './token.js';

/**
 * Any script → ASCII through any-ascii's per-character tables (Cyrillic, Arabic, Greek, Hebrew,
 * Thai, Ethiopic, …), lower-cased: for the scripts with no romanizer of their own in the locale
 * profiles. Abjads come out without their unwritten vowels (شغل → "shghl").
 */
export class AnyAsciiRomanizer implements Romanizer {
  readonly name = 'any-ascii';

  romanize(token: Token): string {
    return anyAscii(token.text).toLowerCase();
  }
}
