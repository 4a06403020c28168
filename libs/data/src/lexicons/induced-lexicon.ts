import { wordsOf, type NluRecord } from '../nlu-record.js';
import type { BilingualLexicon } from './bilingual-lexicon.js';

/** A pair of translated utterances: the same MASSIVE id in two locales, as lower-cased words. */
export interface ParallelPair {
  id: string;
  source: string[];
  target: string[];
}

/** The words that can translate: letters or digits, not punctuation. */
const alignableWords = (record: Pick<NluRecord, 'tokens'>) => wordsOf(record).filter((word) => /[\p{L}\p{N}]/u.test(word));

/**
 * The records of two locales that translate each other (MASSIVE gives a translation the same `id`),
 * from one partition only (train: a lexicon induced for training must not see dev or test).
 */
export function parallelPairs(
  source: readonly NluRecord[],
  target: readonly NluRecord[],
  partition: NluRecord['partition'] = 'train',
): ParallelPair[] {
  const targets = new Map(target.filter((r) => r.partition === partition).map((r) => [r.id, r]));
  return source
    .filter((r) => r.partition === partition && targets.has(r.id))
    .map((r) => ({ id: r.id, source: alignableWords(r), target: alignableWords(targets.get(r.id)!) }));
}

export interface InductionOptions {
  /** Links a word pair needs across the corpus to enter the lexicon. */
  minLinks: number;
  /** Candidate pairs below this Dice coefficient are never linked. */
  minDice: number;
}

/**
 * A lexicon induced from parallel utterances by competitive linking over Dice coefficients
 * (Melamed 2000): in each pair of utterances the word pairs with the highest Dice coefficient
 * (2·c(s,t) / (c(s) + c(t)), counted in utterance pairs) are linked first, each word once; a
 * word's translations are the words it was linked to at least `minLinks` times, most links first.
 */
export function induceLexicon(pairs: readonly ParallelPair[], options: Partial<InductionOptions> = {}): BilingualLexicon {
  const { minLinks = 2, minDice = 0.1 } = options;
  const sourceCount = new Map<string, number>();
  const targetCount = new Map<string, number>();
  const together = new Map<string, number>();
  const key = (s: string, t: string) => `${s}\u0000${t}`;
  for (const pair of pairs) {
    const [source, target] = [new Set(pair.source), new Set(pair.target)];
    for (const s of source) sourceCount.set(s, (sourceCount.get(s) ?? 0) + 1);
    for (const t of target) targetCount.set(t, (targetCount.get(t) ?? 0) + 1);
    for (const s of source) for (const t of target) together.set(key(s, t), (together.get(key(s, t)) ?? 0) + 1);
  }
  const dice = (s: string, t: string) => (2 * (together.get(key(s, t)) ?? 0)) / (sourceCount.get(s)! + targetCount.get(t)!);
  const links = new Map<string, Map<string, number>>();
  for (const pair of pairs) {
    const candidates: { s: string; t: string; score: number }[] = [];
    for (const s of new Set(pair.source)) {
      for (const t of new Set(pair.target)) {
        const score = dice(s, t);
        if (score >= minDice) candidates.push({ s, t, score });
      }
    }
    // highest first; ties by the words themselves, so the result does not depend on input order
    candidates.sort((a, b) => b.score - a.score || a.s.localeCompare(b.s) || a.t.localeCompare(b.t));
    const [linkedSource, linkedTarget] = [new Set<string>(), new Set<string>()];
    for (const { s, t } of candidates) {
      if (linkedSource.has(s) || linkedTarget.has(t)) continue;
      linkedSource.add(s);
      linkedTarget.add(t);
      const ofSource = links.get(s) ?? new Map<string, number>();
      ofSource.set(t, (ofSource.get(t) ?? 0) + 1);
      links.set(s, ofSource);
    }
  }
  const lexicon: BilingualLexicon = new Map();
  for (const [s, ofSource] of [...links].sort(([a], [b]) => a.localeCompare(b))) {
    const translations = [...ofSource]
      .filter(([, n]) => n >= minLinks)
      .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
      .map(([t]) => t);
    if (translations.length > 0) lexicon.set(s, translations);
  }
  return lexicon;
}

/** How an induced lexicon fares against a reference (e.g. a FreeDict dictionary). */
export interface LexiconScore {
  /** Source words in both lexicons whose first induced translation is a reference translation. */
  precisionAt1: number;
  /** How many source words both lexicons have (the precision's denominator). */
  evaluated: number;
}

/** Precision at 1 of `induced` against `reference`, over the single-word source entries of both. */
export function precisionAt1(induced: BilingualLexicon, reference: BilingualLexicon): LexiconScore {
  let evaluated = 0;
  let correct = 0;
  for (const [word, translations] of induced) {
    const gold = reference.get(word);
    if (!gold || /\s/u.test(word)) continue;
    evaluated++;
    if (gold.map((t) => t.toLowerCase()).includes(translations[0]!)) correct++;
  }
  return { precisionAt1: evaluated === 0 ? 0 : correct / evaluated, evaluated };
}
