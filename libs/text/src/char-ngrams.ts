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
