import { seededRandom } from '../random.js';
import type { BilingualLexicon } from './bilingual-lexicon.js';

/** A seeded share of `words` (sorted first, so the same words and seed always give the same set). */
export function holdOut(words: Iterable<string>, share: number, seed: number | string): Set<string> {
  if (!(share > 0 && share < 1)) throw new Error(`holdOut: share must be in (0, 1), got ${share}`);
  const random = seededRandom(`${seed}:bli-hold-out`);
  return new Set([...new Set(words)].sort().filter(() => random() < share));
}

/** An English → X lexicon without the given X words among its translations (entries left empty go). */
export function withoutTranslations(lexicon: BilingualLexicon, withheld: ReadonlySet<string>): BilingualLexicon {
  const kept: BilingualLexicon = new Map();
  for (const [word, translations] of lexicon) {
    const rest = translations.filter((t) => !withheld.has(t.toLowerCase()));
    if (rest.length > 0) kept.set(word, rest);
  }
  return kept;
}

export interface BliScore {
  /** Held-out words asked about. */
  heldOut: number;
  /** Of them, those the space has a vector for. */
  withVector: number;
  /** Of those, the ones whose nearest English word is one of their gold translations. */
  correct: number;
  /** correct / withVector. */
  precisionAt1: number | null;
  /** withVector / heldOut. */
  coverage: number | null;
}

const norm = (v: Float32Array) => Math.sqrt(v.reduce((sum, x) => sum + x * x, 0)) || 1;

/**
 * Bilingual lexicon induction precision at 1: for each held-out X word with a vector, the English
 * word nearest to it by cosine among `english` (the space's English words) is correct when the
 * gold lexicon (X word → English words) lists it.
 */
export function bliPrecisionAt1(
  space: ReadonlyMap<string, Float32Array>,
  english: ReadonlyMap<string, Float32Array>,
  gold: ReadonlyMap<string, readonly string[]>,
): BliScore {
  const candidates = [...english];
  const unit = candidates.map(([, vector]) => {
    const n = norm(vector);
    return Float32Array.from(vector, (x) => x / n);
  });
  let withVector = 0;
  let correct = 0;
  for (const [word, translations] of gold) {
    const query = space.get(word);
    if (!query) continue;
    withVector++;
    const q = Float32Array.from(query, (x) => x / norm(query));
    let best = -1;
    let bestScore = -Infinity;
    for (let c = 0; c < unit.length; c++) {
      const u = unit[c]!;
      let dot = 0;
      for (let i = 0; i < q.length; i++) dot += q[i]! * u[i]!;
      if (dot > bestScore) [best, bestScore] = [c, dot];
    }
    if (best >= 0 && translations.includes(candidates[best]![0])) correct++;
  }
  return {
    heldOut: gold.size,
    withVector,
    correct,
    precisionAt1: withVector === 0 ? null : correct / withVector,
    coverage: gold.size === 0 ? null : withVector / gold.size,
  };
}
