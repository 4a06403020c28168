import { seededRandom, seededShuffle } from '@xlnlu/data';

/**
 * Batches of example indices bucketed by length: examples are sorted by length (ties broken by
 * the seed), cut into batches of `batchSize`, and the batch order shuffled by the seed, so each
 * batch pads little and every epoch (a different seed) sees a different order.
 */
export function bucketedBatches(lengths: readonly number[], batchSize: number, seed: number | string): number[][] {
  const random = seededRandom(`${seed}:ties`);
  const tieBreak = lengths.map(() => random());
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[a]! - lengths[b]! || tieBreak[a]! - tieBreak[b]!);
  const batches: number[][] = [];
  for (let i = 0; i < order.length; i += batchSize) batches.push(order.slice(i, i + batchSize));
  return seededShuffle(batches, seed);
}

/**
 * Batches of example indices in order of length, for prediction: each batch pads only to its own
 * longest example. Callers put the predictions back in input order.
 */
export function lengthOrderedBatches(lengths: readonly number[], batchSize: number): number[][] {
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[a]! - lengths[b]! || a - b);
  const batches: number[][] = [];
  for (let i = 0; i < order.length; i += batchSize) batches.push(order.slice(i, i + batchSize));
  return batches;
}
