/** Share of positions where `predicted` equals `gold`. Both arrays must have the same length. */
export function accuracy<T>(gold: readonly T[], predicted: readonly T[]): number {
  assertSameLength(gold.length, predicted.length, 'accuracy');
  if (gold.length === 0) return Number.NaN;
  let correct = 0;
  for (let i = 0; i < gold.length; i++) if (gold[i] === predicted[i]) correct++;
  return correct / gold.length;
}

export function assertSameLength(goldLength: number, predictedLength: number, metric: string): void {
  if (goldLength !== predictedLength) {
    throw new Error(`${metric}: gold has ${goldLength} items but predictions have ${predictedLength}`);
  }
}
