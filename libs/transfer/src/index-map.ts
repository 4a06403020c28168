/**
 * For every target label (or token), the index of the source label it takes its weights from, or
 * −1 when it has none. `rename` maps a source label to its name in the target's label set
 * (identity by default; see `bioRename` for entity types).
 */
export interface IndexMap {
  /** What is aligned, for messages and the run log: "words", "tags", "intents", … */
  space: string;
  sourceOfTarget: Int32Array;
  /** How many target entries have a source (not counting the `uncounted` ones). */
  matched: number;
  targetSize: number;
}

export interface IndexMapOptions {
  /** Labels mapped like the others but not counted as matches, e.g. the padding and unknown tokens every vocabulary has. */
  uncounted?: readonly string[];
}

export function indexMap(
  space: string,
  source: readonly string[],
  target: readonly string[],
  rename: (label: string) => string = (label) => label,
  options: IndexMapOptions = {},
): IndexMap {
  const uncounted = new Set(options.uncounted ?? []);
  const sourceIndex = new Map<string, number>();
  source.forEach((label, i) => {
    const renamed = rename(label);
    if (!sourceIndex.has(renamed)) sourceIndex.set(renamed, i);
  });
  const sourceOfTarget = Int32Array.from(target, (label) => sourceIndex.get(label) ?? -1);
  const matched = sourceOfTarget.reduce((n, i, t) => n + (i >= 0 && !uncounted.has(target[t]!) ? 1 : 0), 0);
  if (matched === 0) {
    const sample = (labels: readonly string[]) =>
      `${labels
        .slice(0, 8)
        .map((l) => JSON.stringify(l))
        .join(', ')}${labels.length > 8 ? `, … (${labels.length})` : ''}`;
    throw new Error(
      `transfer: no ${space} in common between the source (${sample(source.map(rename))}) and the target (${sample(target)})`,
    );
  }
  return { space, sourceOfTarget, matched, targetSize: target.length };
}

/**
 * Renames BIO tags through an entity-type map (e.g. WNUT `person` → `人名`): `B-person` → `B-人名`;
 * `O` and unmapped types keep their names.
 */
export function bioRename(typeMap: Readonly<Record<string, string>>): (tag: string) => string {
  return (tag) => {
    const match = /^([BI])-(.+)$/u.exec(tag);
    if (!match) return tag;
    return `${match[1]}-${typeMap[match[2]!] ?? match[2]}`;
  };
}
