import { formatAnnotation, type NluRecord } from '@xlnlu/data';
import { characterChunks, type NluPrediction } from './nlu-evaluation.js';

/**
 * One JSON line per utterance for error analysis: gold and predicted domain, intent and slots (as
 * MASSIVE-style `annot_utt`, the predicted slots on the characters their tokens cover), the
 * model's intent probability, and which parts are right.
 */
export function predictionLines(records: readonly NluRecord[], predictions: readonly NluPrediction[]): string[] {
  return records.map((record, i) => {
    const predicted = predictions[i]!;
    const annotation = predicted.tags ? formatAnnotation(record.text, characterChunks(record, predicted.tags)) : undefined;
    const gold = formatAnnotation(record.text, record.slots);
    return JSON.stringify({
      id: record.id,
      locale: record.locale,
      text: record.text,
      gold: { domain: record.domain, intent: record.intent, annot_utt: gold },
      predicted: {
        ...(predicted.domain === undefined ? {} : { domain: predicted.domain }),
        ...(predicted.intent === undefined ? {} : { intent: predicted.intent }),
        ...(annotation === undefined ? {} : { annot_utt: annotation }),
        ...(predicted.intentProbability === undefined ? {} : { intentProbability: Number(predicted.intentProbability.toFixed(4)) }),
      },
      correct: {
        ...(predicted.domain === undefined ? {} : { domain: predicted.domain === record.domain }),
        ...(predicted.intent === undefined ? {} : { intent: predicted.intent === record.intent }),
        ...(predicted.tags === undefined ? {} : { tags: predicted.tags.every((tag, t) => tag === record.tags[t]) }),
      },
    });
  });
}

/** conlleval's input: `token gold predicted` per line, a blank line after each sentence (tokens' spaces become underscores). */
export function conllevalLines(records: readonly NluRecord[], predictions: readonly NluPrediction[]): string[] {
  return records.flatMap((record, i) => [
    ...record.tokens.map((token, t) => `${token.text.replace(/\s/gu, '_')} ${record.tags[t]} ${predictions[i]!.tags![t]}`),
    '',
  ]);
}
