export const PAD = '<pad>';
export const UNK = '<unk>';
const FORMAT = 'xlnlu.vocabulary/1';

export interface VocabularyJson {
  format: typeof FORMAT;
  minCount: number;
  tokens: string[];
}

/**
 * A token ↔ index map with PAD at 0 and UNK at 1. Built from counts: tokens seen fewer than
 * `minCount` times map to UNK. Order is by count, then by code point, so the same corpus always
 * gives the same indices.
 */
export class Vocabulary {
  static readonly PAD_INDEX = 0;
  static readonly UNK_INDEX = 1;
  private readonly index: Map<string, number>;

  private constructor(
    private readonly tokens: readonly string[],
    readonly minCount: number,
  ) {
    this.index = new Map(tokens.map((token, i) => [token, i]));
  }

  static build(corpus: Iterable<string>, options: { minCount?: number; maxSize?: number } = {}): Vocabulary {
    const minCount = options.minCount ?? 1;
    if (!Number.isInteger(minCount) || minCount < 1) throw new Error(`Vocabulary.build: minCount must be an integer ≥ 1, got ${minCount}`);
    const counts = new Map<string, number>();
    for (const token of corpus) {
      if (token === PAD || token === UNK) continue;
      counts.set(token, (counts.get(token) ?? 0) + 1);
    }
    const kept = [...counts]
      .filter(([, count]) => count >= minCount)
      .sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : a > b ? 1 : 0))
      .map(([token]) => token);
    const limited = options.maxSize === undefined ? kept : kept.slice(0, Math.max(0, options.maxSize - 2));
    return new Vocabulary([PAD, UNK, ...limited], minCount);
  }

  static fromJSON(json: unknown, where = 'vocabulary'): Vocabulary {
    const value = json as Partial<VocabularyJson> | null;
    if (!value || value.format !== FORMAT) throw new Error(`${where}: expected format "${FORMAT}", got ${JSON.stringify(value?.format)}`);
    if (!Array.isArray(value.tokens) || value.tokens[0] !== PAD || value.tokens[1] !== UNK) {
      throw new Error(`${where}: tokens must be an array starting with "${PAD}", "${UNK}"`);
    }
    if (new Set(value.tokens).size !== value.tokens.length) throw new Error(`${where}: tokens contain duplicates`);
    if (!Number.isInteger(value.minCount) || value.minCount! < 1) throw new Error(`${where}: minCount must be an integer ≥ 1`);
    return new Vocabulary(value.tokens as string[], value.minCount!);
  }

  toJSON(): VocabularyJson {
    return { format: FORMAT, minCount: this.minCount, tokens: [...this.tokens] };
  }

  get size(): number {
    return this.tokens.length;
  }

  has(token: string): boolean {
    return this.index.has(token);
  }

  indexOf(token: string): number {
    return this.index.get(token) ?? Vocabulary.UNK_INDEX;
  }

  tokenAt(index: number): string {
    const token = this.tokens[index];
    if (token === undefined) throw new RangeError(`vocabulary index ${index} is out of range 0..${this.size - 1}`);
    return token;
  }

  encode(tokens: readonly string[]): number[] {
    return tokens.map((token) => this.indexOf(token));
  }
}
