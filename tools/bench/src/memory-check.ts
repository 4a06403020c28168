export interface EpochMemory {
  epoch: number;
  tensors: number;
  rssMiB: number;
}

/**
 * Problems with memory across epochs: the tensor count must not change after the first epoch (the
 * optimizer creates its slots there), and RSS may grow at most `maxRssGrowth` (a fraction) from
 * the end of epoch 2 to the last. Empty when memory is flat.
 */
export function memoryLeaks(epochs: readonly EpochMemory[], maxRssGrowth = 0.05): string[] {
  const problems: string[] = [];
  const afterFirst = epochs.filter((e) => e.epoch >= 1);
  const counts = new Set(afterFirst.map((e) => e.tensors));
  if (counts.size > 1)
    problems.push(`tensor count changes across epochs: ${afterFirst.map((e) => `epoch ${e.epoch}: ${e.tensors}`).join(', ')}`);
  const second = epochs.find((e) => e.epoch === 2);
  const last = epochs[epochs.length - 1];
  if (second && last && last.epoch > 2) {
    const growth = (last.rssMiB - second.rssMiB) / second.rssMiB;
    if (growth > maxRssGrowth)
      problems.push(
        `RSS grew ${(growth * 100).toFixed(1)} % from epoch 2 (${second.rssMiB.toFixed(0)} MiB) to epoch ${last.epoch} (${last.rssMiB.toFixed(0)} MiB); at most ${(maxRssGrowth * 100).toFixed(0)} % allowed`,
      );
  }
  return problems;
}
