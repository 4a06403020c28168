/** Feature strings → dense indices, built from training data; unseen features are ignored later. */
export class FeatureIndex {
  private readonly index = new Map<string, number>();

  static fromNames(names: readonly string[]): FeatureIndex {
    const features = new FeatureIndex();
    for (const name of names) features.add(name);
    return features;
  }

  add(name: string): number {
    let id = this.index.get(name);
    if (id === undefined) this.index.set(name, (id = this.index.size));
    return id;
  }

  /** Indices of the known features among `names`; unknown ones are dropped. */
  lookup(names: readonly string[]): Int32Array {
    const ids: number[] = [];
    for (const name of names) {
      const id = this.index.get(name);
      if (id !== undefined) ids.push(id);
    }
    return Int32Array.from(ids);
  }

  get size(): number {
    return this.index.size;
  }

  names(): string[] {
    return [...this.index.keys()];
  }
}
