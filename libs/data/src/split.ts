import { seededShuffle } from './random.js';

export interface SplitFractions {
  train: number;
  dev: number;
  test: number;
}

/** 80 / 10 / 10. */
export const DEFAULT_SPLIT: SplitFractions = { train: 0.8, dev: 0.1, test: 0.1 };

/**
 * Seeded train/dev/test split for data sets that have none (the Japanese Wikipedia NER set):
 * the items are shuffled with `seed`, then cut into consecutive parts of round(fraction × n)
 * items for dev and test; train gets the rest. The same seed and input order always give the
 * same split; each part keeps the input order.
 */
export function seededSplit<T>(
  items: readonly T[],
  seed: number | string,
  fractions: SplitFractions = DEFAULT_SPLIT,
): { train: T[]; dev: T[]; test: T[] } {
  const sum = fractions.train + fractions.dev + fractions.test;
  if (Object.values(fractions).some((f) => !(f >= 0)) || Math.abs(sum - 1) > 1e-9) {
    throw new Error(`seededSplit: fractions must be ≥ 0 and sum to 1, got ${JSON.stringify(fractions)}`);
  }
  const order = seededShuffle(
    items.map((_, index) => index),
    seed,
  );
  const devSize = Math.round(fractions.dev * items.length);
  const testSize = Math.round(fractions.test * items.length);
  const part = (indices: number[]) => indices.sort((a, b) => a - b).map((index) => items[index]!);
  return {
    dev: part(order.slice(0, devSize)),
    test: part(order.slice(devSize, devSize + testSize)),
    train: part(order.slice(devSize + testSize)),
  };
}
