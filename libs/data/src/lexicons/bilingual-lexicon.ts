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
