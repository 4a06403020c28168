import type { Token } from '@xlnlu/text';
import type { Span } from './span.js';

export interface BioTagging {
  tags: string[];
  /** Spans whose start or end falls inside a token; they are tagged on the tokens they overlap. */
  misaligned: Span[];
}

/**
 * BIO tags for `tokens` from character spans. A span tags every token it overlaps (B- on the
 * first, I- on the rest). A span whose boundaries are not token boundaries, or that overlaps a
 * token another span has tagged, is reported as misaligned rather than dropped.
 */
export function bioTags(tokens: readonly Token[], spans: readonly Span[]): BioTagging {
  const tags = tokens.map(() => 'O');
  const misaligned: Span[] = [];
  for (const span of spans) {
    const covered: number[] = [];
    tokens.forEach((token, index) => {
      if (token.start < span.end && token.end > span.start) covered.push(index);
    });
    const first = tokens[covered[0]!];
    const last = tokens[covered[covered.length - 1]!];
    const clash = covered.some((index) => tags[index] !== 'O');
    if (!first || !last || first.start !== span.start || last.end !== span.end || clash) misaligned.push(span);
    if (clash) continue;
    covered.forEach((index, k) => {
      tags[index] = `${k === 0 ? 'B' : 'I'}-${span.type}`;
    });
  }
  return { tags, misaligned };
}

/**
 * The tokens split wherever a span starts or ends inside one (今週 → 今 週 for the slot 週), with
 * tags recomputed: a training record whose annotation cuts the tokenizer's words then teaches the
 * slot it has. Training data only: at test time the spans are what is predicted. Split pieces keep
 * no dictionary reading (their romanization is their surface).
 */
export function splitAtSpanBoundaries<R extends { tokens: Token[]; tags: string[]; slots: Span[]; text: string }>(record: R): R {
  const cuts = new Set(record.slots.flatMap((span) => [span.start, span.end]));
  const tokens: Token[] = [];
  for (const token of record.tokens) {
    const inside = [...cuts].filter((cut) => cut > token.start && cut < token.end).sort((a, b) => a - b);
    if (inside.length === 0) {
      tokens.push(token);
      continue;
    }
    const bounds = [token.start, ...inside, token.end];
    for (let i = 0; i + 1 < bounds.length; i++)
      tokens.push({ text: record.text.slice(bounds[i]!, bounds[i + 1]!), start: bounds[i]!, end: bounds[i + 1]! });
  }
  if (tokens.length === record.tokens.length) return record;
  return { ...record, tokens, tags: bioTags(tokens, record.slots).tags };
}
