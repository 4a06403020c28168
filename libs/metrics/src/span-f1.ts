import { assertSameLength } from './accuracy.js';
import { bioChunks, type Chunk } from './chunks.js';

export interface PrecisionRecallF1 {
  precision: number;
  recall: number;
  f1: number;
  truePositives: number;
  /** Number of gold spans. */
  support: number;
  /** Number of predicted spans. */
  predicted: number;
}

export interface SpanScores extends PrecisionRecallF1 {
  perType: Record<string, PrecisionRecallF1>;
}

/** Per-item counts for micro F1, so that resampling can sum them without re-matching spans. */
export interface SpanCounts {
  truePositives: number;
  gold: number;
  predicted: number;
}

const key = (chunk: Chunk) => `${chunk.type}\u0000${chunk.start}\u0000${chunk.end}`;

/** Counts exact (type, start, end) matches between one item's gold and predicted spans. */
export function spanCounts(gold: readonly Chunk[], predicted: readonly Chunk[]): SpanCounts {
  const goldKeys = new Set(gold.map(key));
  const predictedKeys = new Set(predicted.map(key));
  let truePositives = 0;
  for (const chunk of predictedKeys) if (goldKeys.has(chunk)) truePositives++;
  return { truePositives, gold: goldKeys.size, predicted: predictedKeys.size };
}

/** Precision, recall and F1 from summed counts; 0 where a denominator is 0. */
export function f1FromCounts(counts: SpanCounts): PrecisionRecallF1 {
  const precision = counts.predicted === 0 ? 0 : counts.truePositives / counts.predicted;
  const recall = counts.gold === 0 ? 0 : counts.truePositives / counts.gold;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, truePositives: counts.truePositives, support: counts.gold, predicted: counts.predicted };
}

function addCounts(into: SpanCounts, counts: SpanCounts): void {
  into.truePositives += counts.truePositives;
  into.gold += counts.gold;
  into.predicted += counts.predicted;
}

/** Micro-averaged span P/R/F1 over exact (type, start, end) matches, with per-type scores. */
export function spanScores(gold: readonly (readonly Chunk[])[], predicted: readonly (readonly Chunk[])[]): SpanScores {
  assertSameLength(gold.length, predicted.length, 'spanScores');
  const total: SpanCounts = { truePositives: 0, gold: 0, predicted: 0 };
  const byType = new Map<string, SpanCounts>();
  const countsFor = (type: string) => {
    let counts = byType.get(type);
    if (!counts) byType.set(type, (counts = { truePositives: 0, gold: 0, predicted: 0 }));
    return counts;
  };
  gold.forEach((goldChunks, item) => {
    const predictedChunks = predicted[item]!;
    addCounts(total, spanCounts(goldChunks, predictedChunks));
    for (const type of new Set([...goldChunks, ...predictedChunks].map((chunk) => chunk.type))) {
      const ofType = (chunk: Chunk) => chunk.type === type;
      addCounts(countsFor(type), spanCounts(goldChunks.filter(ofType), predictedChunks.filter(ofType)));
    }
  });
  const perType = Object.fromEntries(
    [...byType].sort(([a], [b]) => (a < b ? -1 : 1)).map(([type, counts]) => [type, f1FromCounts(counts)]),
  );
  return { ...f1FromCounts(total), perType };
}

/** Micro slot F1 (conlleval) from BIO tag sequences. */
export function bioSpanScores(gold: readonly (readonly string[])[], predicted: readonly (readonly string[])[]): SpanScores {
  assertSameLength(gold.length, predicted.length, 'bioSpanScores');
  gold.forEach((tags, item) => {
    if (tags.length !== predicted[item]!.length) {
      throw new Error(`bioSpanScores: item ${item} has ${tags.length} gold tags but ${predicted[item]!.length} predicted tags`);
    }
  });
  return spanScores(gold.map(bioChunks), predicted.map(bioChunks));
}
