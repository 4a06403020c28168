import path from 'node:path';
import type { Locale } from '@xlnlu/text';
import { readDictd } from './dictd.js';
import { freedictTranslations } from './freedict-entry.js';

/** Source word (lower case) → its translations, most usual first. */
export type BilingualLexicon = Map<string, string[]>;

/**
 * A bilingual lexicon from a FreeDict dictionary in the dictd format (`<base>.index` +
 * `<base>.dict.dz`, e.g. `lexicons/freedict/freedict-eng-spa` under the data root, or Debian's
 * `/usr/share/dictd/freedict-eng-spa`). Headwords are lower-cased; multiword headwords and
 * translations are kept as written (callers decide what to do with them).
 */
export function readFreeDictLexicon(base: string): BilingualLexicon {
  const lexicon: BilingualLexicon = new Map();
  for (const { headword, text } of readDictd(base)) {
    const translations = freedictTranslations(text);
    if (translations.length === 0) continue;
    const key = headword.toLowerCase();
    lexicon.set(key, [...new Set([...(lexicon.get(key) ?? []), ...translations])]);
  }
  return lexicon;
}

/** FreeDict's language codes of the locales it has an English dictionary for. */
const FREEDICT_CODES: Partial<Record<Locale, string>> = { 'es-ES': 'spa', 'it-IT': 'ita', 'hi-IN': 'hin', 'ja-JP': 'jpn' };

/** The base path of FreeDict's English → `locale` dictionary under the data root (`lexicons/freedict/freedict-eng-<code>`), if FreeDict has one. */
export function freedictEnglishTo(root: string, locale: Locale): string | undefined {
  const code = FREEDICT_CODES[locale];
  return code === undefined ? undefined : path.join(root, 'lexicons', 'freedict', `freedict-eng-${code}`);
}
