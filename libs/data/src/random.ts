import seedrandom from 'seedrandom';

/** A reproducible random source in [0, 1) for a seed. */
export function seededRandom(seed: number | string): () => number {
  return seedrandom(String(seed));
}

/** A shuffled copy of `items` (Fisher–Yates); the same seed and input always give the same order. */
export function seededShuffle<T>(items: readonly T[], seed: number | string): T[] {
  const random = seededRandom(seed);
  const shuffled = [...items];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  return shuffled;
}
