export interface NgramOptions {
  /** Word n-gram orders, e.g. [1, 2] for unigrams and bigrams. */
  wordNgrams: readonly number[];
  /** Character n-gram orders over each lower-cased word with boundary marks, e.g. [3, 4]; none by default. */
  charNgrams?: readonly number[];
}

/** Sparse bag-of-n-gram features of an utterance for the max-ent classifiers. */
export function ngramFeatures(tokens: readonly string[], options: NgramOptions): string[] {
  const words = tokens.map((token) => token.toLowerCase());
  const features: string[] = ['bias'];
  for (const n of options.wordNgrams) {
    const padded = n > 1 ? ['<s>', ...words, '</s>'] : words;
    for (let i = 0; i + n <= padded.length; i++) features.push(`w${n}=${padded.slice(i, i + n).join(' ')}`);
  }
  for (const n of options.charNgrams ?? []) {
    for (const word of words) {
      const chars = Array.from(`<${word}>`);
      for (let i = 0; i + n <= chars.length; i++) features.push(`c${n}=${chars.slice(i, i + n).join('')}`);
    }
  }
  return features;
}

function shape(word: string): string {
  return word
    .replace(/\p{Lu}/gu, 'A')
    .replace(/\p{Ll}/gu, 'a')
    .replace(/\p{N}/gu, '0')
    .replace(/(.)\1+/gu, '$1');
}

/**
 * Hand-made features of each token for the linear-chain CRF baseline: the word, its lower case,
 * prefixes and suffixes of 1–3 characters, its shape, and the lower-cased words within ±2.
 */
export function tokenFeatures(tokens: readonly string[]): string[][] {
  const lower = tokens.map((token) => token.toLowerCase());
  const at = (i: number) => (i < 0 ? '<s>' : i >= tokens.length ? '</s>' : lower[i]!);
  return tokens.map((token, i) => {
    const chars = Array.from(lower[i]!);
    const features = ['bias', `w=${token}`, `lw=${lower[i]}`, `shape=${shape(token)}`];
    for (let k = 1; k <= 3 && k <= chars.length; k++) {
      features.push(`p${k}=${chars.slice(0, k).join('')}`, `s${k}=${chars.slice(-k).join('')}`);
    }
    for (const offset of [-2, -1, 1, 2]) features.push(`w[${offset}]=${at(i + offset)}`);
    features.push(`w[-1:0]=${at(i - 1)}|${lower[i]}`, `w[0:1]=${lower[i]}|${at(i + 1)}`);
    return features;
  });
}
