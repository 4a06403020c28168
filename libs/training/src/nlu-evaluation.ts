import type { NluRecord } from '@xlnlu/data';
import {
  bioChunks,
  bioSpanScores,
  bootstrapCi,
  frameCorrect,
  meanOf,
  microF1Of,
  spanCounts,
  spanScores,
  type Chunk,
  type ConfidenceInterval,
  type PrecisionRecallF1,
} from '@xlnlu/metrics';

/** What a system predicts for one utterance; a part it does not predict is left out. */
export interface NluPrediction {
  domain?: string;
  intent?: string;
  tags?: string[];
  /** The model's probability for its predicted intent, where it has one. */
  intentProbability?: number;
}

export interface NluMetrics {
  utterances: number;
  domainAccuracy?: ConfidenceInterval;
  intentAccuracy?: ConfidenceInterval;
  slotF1?: ConfidenceInterval & { precision: number; recall: number };
  frameAccuracy?: ConfidenceInterval;
  slotF1PerType?: Record<string, PrecisionRecallF1>;
  /**
   * Slots scored on character offsets: a predicted chunk becomes the characters its tokens cover,
   * against the annotated spans. Equal to slotF1 where every slot boundary is a token boundary;
   * lower where annotations cut tokens (ja-JP), since such a slot cannot be predicted exactly.
   */
  slotF1Chars?: ConfidenceInterval & { precision: number; recall: number };
  /** Frame accuracy with the slots compared on character offsets. */
  frameAccuracyChars?: ConfidenceInterval;
}

/** Per-utterance scores, kept so that two systems can be compared with a paired bootstrap. */
export interface NluItemScores {
  domainCorrect?: number[];
  intentCorrect?: number[];
  slotCounts?: Array<{ truePositives: number; gold: number; predicted: number }>;
  frameCorrect?: number[];
  slotCountsChars?: Array<{ truePositives: number; gold: number; predicted: number }>;
  frameCorrectChars?: number[];
}

/** Predicted chunks as the characters their tokens cover. */
export function characterChunks(record: Pick<NluRecord, 'tokens'>, tags: readonly string[]): Chunk[] {
  return bioChunks(tags).map((chunk) => ({
    type: chunk.type,
    start: record.tokens[chunk.start]!.start,
    end: record.tokens[chunk.end - 1]!.end,
  }));
}

/**
 * Scores predictions against MASSIVE records with the field's metrics: domain and intent accuracy,
 * micro slot F1 (conlleval), and frame accuracy where domain, intent and slots are all predicted;
 * each with a 95 % bootstrap CI (1,000 resamples, seeded).
 */
export function evaluateNlu(
  records: readonly NluRecord[],
  predictions: readonly NluPrediction[],
  seed = 0,
): { metrics: NluMetrics; items: NluItemScores } {
  if (records.length !== predictions.length)
    throw new Error(`evaluateNlu: ${records.length} records but ${predictions.length} predictions`);
  const n = records.length;
  const metrics: NluMetrics = { utterances: n };
  const items: NluItemScores = {};
  const has = (part: keyof NluPrediction) => n > 0 && predictions.every((p) => p[part] !== undefined);
  const ci = (values: number[]) => bootstrapCi(n, meanOf(values), { seed });
  if (has('domain')) {
    items.domainCorrect = records.map((r, i) => (predictions[i]!.domain === r.domain ? 1 : 0));
    metrics.domainAccuracy = ci(items.domainCorrect);
  }
  if (has('intent')) {
    items.intentCorrect = records.map((r, i) => (predictions[i]!.intent === r.intent ? 1 : 0));
    metrics.intentAccuracy = ci(items.intentCorrect);
  }
  if (has('tags')) {
    const gold = records.map((r) => r.tags);
    const predicted = predictions.map((p) => p.tags!);
    const scores = bioSpanScores(gold, predicted);
    items.slotCounts = gold.map((tags, i) => spanCounts(bioChunks(tags), bioChunks(predicted[i]!)));
    metrics.slotF1 = { ...bootstrapCi(n, microF1Of(items.slotCounts), { seed }), precision: scores.precision, recall: scores.recall };
    metrics.slotF1PerType = scores.perType;
  }
  if (has('domain') && has('intent') && has('tags')) {
    items.frameCorrect = records.map((r, i) => {
      const p = predictions[i]!;
      const correct = frameCorrect(
        { domain: r.domain, intent: r.intent, spans: bioChunks(r.tags) },
        { domain: p.domain, intent: p.intent, spans: bioChunks(p.tags!) },
      );
      return correct ? 1 : 0;
    });
    metrics.frameAccuracy = ci(items.frameCorrect);
  }
  if (has('tags')) {
    const gold = records.map((r) => r.slots.map(({ type, start, end }) => ({ type, start, end })));
    const predicted = records.map((r, i) => characterChunks(r, predictions[i]!.tags!));
    items.slotCountsChars = gold.map((spans, i) => spanCounts(spans, predicted[i]!));
    const scores = spanScores(gold, predicted);
    metrics.slotF1Chars = {
      ...bootstrapCi(n, microF1Of(items.slotCountsChars), { seed }),
      precision: scores.precision,
      recall: scores.recall,
    };
    if (has('domain') && has('intent')) {
      items.frameCorrectChars = records.map((r, i) => {
        const p = predictions[i]!;
        return frameCorrect(
          { domain: r.domain, intent: r.intent, spans: gold[i]! },
          { domain: p.domain, intent: p.intent, spans: predicted[i]! },
        )
          ? 1
          : 0;
      });
      metrics.frameAccuracyChars = ci(items.frameCorrectChars);
    }
  }
  return { metrics, items };
}
