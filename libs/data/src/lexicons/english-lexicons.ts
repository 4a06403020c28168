import type { Locale } from '@xlnlu/text';
import type { NluRecord } from '../nlu-record.js';
import { freedictEnglishTo, readFreeDictLexicon, type BilingualLexicon } from './bilingual-lexicon.js';
import { induceLexicon, parallelPairs } from './induced-lexicon.js';

/** Where an English → X lexicon comes from: FreeDict's dictionary, or induced from MASSIVE's parallel train utterances. */
export const LEXICON_SOURCES = ['freedict', 'induced'] as const;
export type LexiconSource = (typeof LEXICON_SOURCES)[number];

/**
 * English → `target` lexicons from the named sources, in that order. The induced one sees only
 * `parallel` (target train records; their ids pair them with `english`): a run passes the records
 * it trains on, so nothing of the others reaches it; none is induced from no records.
 */
export function englishLexicons(
  root: string,
  target: Locale,
  sources: readonly LexiconSource[],
  english: readonly NluRecord[],
  parallel: readonly NluRecord[],
): { source: LexiconSource; lexicon: BilingualLexicon }[] {
  return sources.flatMap((source): { source: LexiconSource; lexicon: BilingualLexicon }[] => {
    if (source === 'freedict') {
      const base = freedictEnglishTo(root, target);
      if (!base) throw new Error(`FreeDict has no English dictionary for ${target}; use the induced lexicon only`);
      return [{ source, lexicon: readFreeDictLexicon(base) }];
    }
    return parallel.length > 0 ? [{ source, lexicon: induceLexicon(parallelPairs(english, parallel, 'train')) }] : [];
  });
}

/** One lexicon from several: each source word's translations, the first lexicon's first. */
export function mergeLexicons(lexicons: readonly BilingualLexicon[]): BilingualLexicon {
  const merged: BilingualLexicon = new Map();
  for (const lexicon of lexicons)
    for (const [word, translations] of lexicon) merged.set(word, [...new Set([...(merged.get(word) ?? []), ...translations])]);
  return merged;
}
