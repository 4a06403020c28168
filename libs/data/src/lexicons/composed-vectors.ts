import type { BilingualLexicon } from './bilingual-lexicon.js';

/** Where a target word's vector came from. */
export interface CompositionReport {
  /** Target words spelled like a word the source space has: they keep its vector. */
  sameSpelling: number;
  /** Target words given the mean of their translations' vectors. */
  composed: number;
  /** Target words with neither. */
  missing: number;
}

/**
 * Vectors for target-language words in a source-language space (method (a) of issue 17): a word
 * spelled like a word of the space keeps that vector; otherwise its vector is the mean of the
 * space's vectors of its translations (`toSource`: target word → source words, best first; only
 * single words the space knows count, and at most `maxTranslations` of them).
 */
export function composeVectors(
  words: Iterable<string>,
  space: ReadonlyMap<string, Float32Array>,
  toSource: BilingualLexicon,
  maxTranslations = 3,
): { vectors: Map<string, Float32Array>; report: CompositionReport } {
  const vectors = new Map<string, Float32Array>();
  const report: CompositionReport = { sameSpelling: 0, composed: 0, missing: 0 };
  for (const word of new Set(words)) {
    const own = space.get(word);
    if (own) {
      vectors.set(word, own);
      report.sameSpelling++;
      continue;
    }
    const known = (toSource.get(word) ?? [])
      .filter((s) => space.has(s))
      .slice(0, maxTranslations)
      .map((s) => space.get(s)!);
    if (known.length === 0) {
      report.missing++;
      continue;
    }
    const mean = new Float32Array(known[0]!.length);
    for (const vector of known) for (let i = 0; i < mean.length; i++) mean[i]! += vector[i]! / known.length;
    vectors.set(word, mean);
    report.composed++;
  }
  return { vectors, report };
}

/** The other direction of lexicons: target word → source words, in the order the lexicons give them (the first lexicon first). */
export function invertLexicons(...lexicons: BilingualLexicon[]): BilingualLexicon {
  const inverted: BilingualLexicon = new Map();
  for (const lexicon of lexicons) {
    for (const [source, targets] of lexicon) {
      for (const target of targets) {
        const key = target.toLowerCase();
        const list = inverted.get(key) ?? [];
        if (!list.includes(source)) list.push(source);
        inverted.set(key, list);
      }
    }
  }
  return inverted;
}

/** fastText `.vec` text: a header line, then one `<word> <values…>` line per word. */
export function formatVec(vectors: ReadonlyMap<string, Float32Array>): string {
  const dimension = vectors.values().next().value?.length ?? 0;
  const lines = [...vectors]
    .filter(([word]) => !/\s/u.test(word))
    .map(([word, v]) => `${word} ${Array.from(v, (x) => +x.toFixed(5)).join(' ')}`);
  return `${lines.length} ${dimension}\n${lines.join('\n')}\n`;
}
