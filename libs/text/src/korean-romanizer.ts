import { romanize } from 'es-hangul';
import type { Romanizer, Token } from './token.js';

/**
 * Hangul → Revised Romanization of Korean (the official one, with its sound changes: 알람 →
 * "allam") through es-hangul; Latin and digits pass through, lower-cased.
 */
export class KoreanRomanizer implements Romanizer {
  readonly name = 'es-hangul-revised-romanization';

  romanize(token: Token): string {
    return romanize(token.text).toLowerCase();
  }
}
