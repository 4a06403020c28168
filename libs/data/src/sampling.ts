import { seededRandom, seededShuffle } from './random.js';

/**
 * A seeded sample of `n` items, stratified by `stratum` (e.g. the intent): each stratum gets
 * round-down of its proportional share, and the leftover places go to the strata with the largest
 * remainders (ties broken by the seed). Within a stratum, items are drawn at random. The sample
 * keeps the input order. With n ≥ items.length every item is returned.
 */
export function sampleStratified<T>(items: readonly T[], n: number, seed: number | string, stratum: (item: T) => string = () => ''): T[] {
  if (!Number.isInteger(n) || n < 0) throw new Error(`sampleStratified: n must be a whole number ≥ 0, got ${n}`);
  if (n >= items.length) return [...items];
  const groups = new Map<string, number[]>();
  items.forEach((item, index) => {
    const key = stratum(item);
    const group = groups.get(key);
    if (group) group.push(index);
    else groups.set(key, [index]);
  });
  const random = seededRandom(`${seed}:allocation`);
  const shares = [...groups].map(([key, indices]) => {
    const exact = (n * indices.length) / items.length;
    return { key, indices, take: Math.floor(exact), remainder: exact - Math.floor(exact), tieBreak: random() };
  });
  let left = n - shares.reduce((sum, share) => sum + share.take, 0);
  for (const share of [...shares].sort((a, b) => b.remainder - a.remainder || a.tieBreak - b.tieBreak)) {
    if (left === 0) break;
    share.take++;
    left--;
  }
  const chosen = shares.flatMap((share) => seededShuffle(share.indices, `${seed}:${share.key}`).slice(0, share.take));
  return chosen.sort((a, b) => a - b).map((index) => items[index]!);
}

/**
 * Mixes several languages' training sets into one, shuffled with `seed`. Each record keeps its
 * own locale; `limits` caps a language at a number of records (a seeded stratified sample by
 * `stratum`), which is how the low-resource and data-mixing settings are built.
 */
export function mixLanguages<T>(
  sets: Readonly<Record<string, readonly T[]>>,
  seed: number | string,
  options: { limits?: Readonly<Record<string, number>>; stratum?: (item: T) => string } = {},
): T[] {
  for (const language of Object.keys(options.limits ?? {})) {
    if (!(language in sets))
      throw new Error(`mixLanguages: a limit is set for ${language}, which is not among ${Object.keys(sets).join(', ')}`);
  }
  const parts = Object.entries(sets).map(([language, records]) => {
    const limit = options.limits?.[language];
    return limit === undefined ? records : sampleStratified(records, limit, `${seed}:${language}`, options.stratum);
  });
  return seededShuffle(parts.flat(), seed);
}
