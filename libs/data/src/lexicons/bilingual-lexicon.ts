import { existsSync } from 'node:fs';
import path from 'node:path';
import { localeProfile, type Locale } from '@xlnlu/text';
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

/**
 * The base path of FreeDict's English → `locale` dictionary under the data root
 * (`lexicons/freedict/freedict-eng-<code>`, the code being the profile's ISO 639-3 one), if it is there.
 */
export function freedictEnglishTo(root: string, locale: Locale): string | undefined {
  const base = path.join(root, 'lexicons', 'freedict', `freedict-eng-${localeProfile(locale).iso639_3}`);
  return existsSync(`${base}.index`) ? base : undefined;
}
