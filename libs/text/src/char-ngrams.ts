export const WORD_START = '<';
export const WORD_END = '>';

/**
 * Character bigrams of a word with boundary markers: "play" → <p pl la ay y>. Characters are
 * code points, so an astral character is one character. An empty word has no bigrams.
 */
export function charBigrams(word: string): string[] {
  const chars = Array.from(word);
  if (chars.length === 0) return [];
  const marked = [WORD_START, ...chars, WORD_END];
  const bigrams: string[] = [];
  for (let i = 0; i + 1 < marked.length; i++) bigrams.push(marked[i]! + marked[i + 1]!);
  return bigrams;
}

/** Character n-grams of a word with boundary markers, for n in [min, max] ("<pl", "pla", … as in fastText); the word itself is not one. */
export function charNgrams(word: string, min: number, max: number): string[] {
  const marked = [WORD_START, ...Array.from(word), WORD_END];
  if (marked.length === 2) return [];
  const ngrams: string[] = [];
  for (let n = min; n <= max; n++) for (let i = 0; i + n <= marked.length; i++) ngrams.push(marked.slice(i, i + n).join(''));
  return ngrams;
}

/** 32-bit FNV-1a of a string's UTF-16 code units: a stable hash for bucketing features. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * The hashed n-gram features of an utterance, as fastText's classifier makes them: every word, the
 * word bigrams, and the character n-grams (min..max) of every word, each hashed into one of
 * `buckets` ids (1..buckets; 0 is padding). Kinds are prefixed before hashing so that the word
 * "ab" and the character trigram "ab" land apart.
 */
export function hashedNgramIds(words: readonly string[], buckets: number, chars: { min: number; max: number }): Int32Array {
  const features: string[] = [];
  words.forEach((word, i) => {
    features.push(`w:${word}`);
    if (i > 0) features.push(`b:${words[i - 1]} ${word}`);
    for (const ngram of charNgrams(word, chars.min, chars.max)) features.push(`c:${ngram}`);
  });
  return Int32Array.from(features, (feature) => 1 + (fnv1a(feature) % buckets));
}
