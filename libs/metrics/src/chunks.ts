/** A labelled span of token positions, end exclusive. */
export interface Chunk {
  readonly type: string;
  readonly start: number;
  readonly end: number;
}

const TAG = /^([BI])-(.+)$/u;

/**
 * The chunks of a BIO tag sequence with conlleval's semantics: a chunk starts at every B-X, and
 * also at an I-X that does not continue an X chunk (after O, after another type, or first);
 * it ends before O, before any B-, and before an I- of another type. Throws on a tag that is
 * neither O nor B-/I-type, naming its position.
 */
export function bioChunks(tags: readonly string[]): Chunk[] {
  const chunks: Chunk[] = [];
  let open: { type: string; start: number } | undefined;
  const close = (end: number) => {
    if (open) chunks.push({ type: open.type, start: open.start, end });
    open = undefined;
  };
  tags.forEach((tag, position) => {
    if (tag === 'O') return close(position);
    const match = TAG.exec(tag);
    if (!match) throw new Error(`bioChunks: tag ${JSON.stringify(tag)} at position ${position} is not O, B-<type> or I-<type>`);
    const [, prefix, type] = match as unknown as [string, 'B' | 'I', string];
    if (prefix === 'I' && open?.type === type) return;
    close(position);
    open = { type, start: position };
  });
  close(tags.length);
  return chunks;
}
