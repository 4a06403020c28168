import type { Locale } from '@xlnlu/data';

export type Script = 'japanese' | 'devanagari' | 'latin' | 'unknown';

const JAPANESE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;
const DEVANAGARI = /\p{Script=Devanagari}/u;
const LATIN = /\p{Script=Latin}/u;

/** The script that decides an utterance's language: kana or kanji first, then Devanagari, then Latin. */
export function detectScript(text: string): Script {
  if (JAPANESE.test(text)) return 'japanese';
  if (DEVANAGARI.test(text)) return 'devanagari';
  if (LATIN.test(text)) return 'latin';
  return 'unknown';
}

const LETTER = /\p{L}/u;
const WORD = /[\p{L}\p{N}]/u;

/** Whether a text holds a letter or a digit at all (punctuation, emoji and control characters do not count). */
export const hasWordCharacters = (text: string): boolean => WORD.test(text);

const LOCALES_BY_SCRIPT: Record<Exclude<Script, 'unknown'>, readonly Locale[]> = {
  japanese: ['ja-JP'],
  devanagari: ['hi-IN'],
  latin: ['en-US', 'es-ES', 'it-IT'],
};

/**
 * The locale to parse an utterance in when none is given: the first of the served locales written
 * in the utterance's script (a model's Latin locales share one tokenizer, so any of them reads a
 * Latin utterance the same way). Undefined when no served locale fits.
 */
export function chooseLocale(text: string, served: readonly Locale[]): { locale: Locale; script: Script } | undefined {
  const script = detectScript(text);
  // letters of a script no locale here reads (Arabic, Cyrillic, …): no model can read the text
  if (script === 'unknown' && LETTER.test(text)) return undefined;
  const candidates = script === 'unknown' ? served : LOCALES_BY_SCRIPT[script];
  const locale = served.find((l) => candidates.includes(l));
  return locale ? { locale, script } : undefined;
}

/**
 * Whether a locale's model can read a text: a text with letters must have some in the locale's
 * own script or in Latin (brand names and loanwords appear in every language); a text of digits
 * and symbols only is left to the model.
 */
export function readableIn(text: string, locale: Locale): boolean {
  if (!LETTER.test(text)) return true;
  const script = detectScript(text);
  if (script === 'unknown') return false;
  return script === 'latin' || LOCALES_BY_SCRIPT[script].includes(locale) || LATIN.test(text);
}
