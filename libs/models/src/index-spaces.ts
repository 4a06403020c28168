/**
 * The index spaces a weight axis can be indexed by: a vocabulary (words, character bigrams) or a
 * label set (slot tags, intents), or the words of a shared vector space (`spaceWords`). Networks declare their indexed axes with these names; transfer
 * aligns them and loading checks their sizes, so a misspelt name is a type error, not a silent miss.
 */
export const INDEX_SPACES = ['words', 'charBigrams', 'spaceWords', 'tags', 'intents'] as const;
export type IndexSpace = (typeof INDEX_SPACES)[number];

/** Layer name → weight index → axis → the index space along that axis. */
export type DeclaredAxes = Readonly<Record<string, Readonly<Record<number, Readonly<Record<number, IndexSpace>>>>>>;
