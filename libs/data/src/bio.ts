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
