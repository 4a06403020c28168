import { assertSameLength } from './accuracy.js';
import type { Chunk } from './chunks.js';
import { spanCounts } from './span-f1.js';

/** What an NLU system says about one utterance. Domain or intent may be left out when not predicted. */
export interface Frame {
  domain?: string;
  intent?: string;
  spans: readonly Chunk[];
}

/** True when domain, intent and the set of slots are all exactly right. */
export function frameCorrect(gold: Frame, predicted: Frame): boolean {
  if (gold.domain !== predicted.domain || gold.intent !== predicted.intent) return false;
  const counts = spanCounts(gold.spans, predicted.spans);
  return counts.truePositives === counts.gold && counts.truePositives === counts.predicted;
}

/** Share of utterances whose whole frame (domain, intent, every slot) is exactly right. */
export function frameAccuracy(gold: readonly Frame[], predicted: readonly Frame[]): number {
  assertSameLength(gold.length, predicted.length, 'frameAccuracy');
  if (gold.length === 0) return Number.NaN;
  let correct = 0;
  gold.forEach((frame, i) => {
    if (frameCorrect(frame, predicted[i]!)) correct++;
  });
  return correct / gold.length;
}
