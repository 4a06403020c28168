import type { NluRecord } from '@xlnlu/data';
import { characterChunks, type NluPrediction } from './nlu-evaluation.js';

export interface ParsedSlot {
  type: string;
  value: string;
  /** Character offsets into the text: [start, end). */
  start: number;
  end: number;
}

/** What a model's prediction says of a text, with slots as character offsets into it. */
export interface TextParse {
  /** A joint or max-ent model predicts domain, intent and slots; an NER model slots only. */
  domain?: string;
  intent?: string;
  slots: ParsedSlot[];
  /** The model's probability for its intent, where it gives one. */
  scores: { intent?: number };
}

/** A prediction for the tokens of `text` as an answer: the server's and the browser's parse. */
export function textParse(text: string, tokens: NluRecord['tokens'], prediction: NluPrediction): TextParse {
  const slots = characterChunks({ tokens }, prediction.tags ?? []).map(({ type, start, end }) => ({
    type,
    value: text.slice(start, end),
    start,
    end,
  }));
  const { domain, intent, intentProbability } = prediction;
  return {
    ...(domain === undefined ? {} : { domain }),
    ...(intent === undefined ? {} : { intent }),
    slots,
    scores: intentProbability === undefined ? {} : { intent: intentProbability },
  };
}
