/**
 * Which BIO transitions are allowed: I-X may only follow B-X or I-X (and may not start a
 * sequence). Returns `allowed[from * n + to]` and `allowedStart[to]` for the tags in order.
 */
export function bioTransitionMask(tags: readonly string[]): { allowed: Uint8Array; allowedStart: Uint8Array } {
  const n = tags.length;
  const allowed = new Uint8Array(n * n);
  const allowedStart = new Uint8Array(n);
  const typeOf = (tag: string) => tag.slice(2);
  tags.forEach((to, j) => {
    const inside = to.startsWith('I-');
    allowedStart[j] = inside ? 0 : 1;
    tags.forEach((from, i) => {
      allowed[i * n + j] = !inside || ((from.startsWith('B-') || from.startsWith('I-')) && typeOf(from) === typeOf(to)) ? 1 : 0;
    });
  });
  return { allowed, allowedStart };
}
