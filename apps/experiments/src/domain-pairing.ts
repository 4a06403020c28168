import type { NluItemScores } from '@xlnlu/training';

/** A run's per-utterance scores on one test set, with the ids of the utterances they belong to. */
export type ItemsFile = NluItemScores & { recordIds: string[] };

/**
 * A run's scores as one pipeline with another run's domain classifier: domain right where the
 * domain run's was, and a frame right where that domain, this run's intent and all its slots are.
 * This is how the first article scores every setting (a max-ent domain classifier in front).
 */
export function withDomainOf(run: ItemsFile, domainRun: ItemsFile, names: { run: string; domainRun: string }): ItemsFile {
  const where = `${names.run} with the domain of ${names.domainRun}`;
  if (run.recordIds.join('\n') !== domainRun.recordIds.join('\n')) throw new Error(`${where}: the two were scored on different test items`);
  if (!domainRun.domainCorrect) throw new Error(`${where}: ${names.domainRun} has no domain predictions`);
  if (!run.intentCorrect || !run.slotCounts) throw new Error(`${where}: ${names.run} needs intent and slot predictions to score frames`);
  const domainCorrect = domainRun.domainCorrect;
  const intentCorrect = run.intentCorrect;
  const framesOf = (slotCounts: NonNullable<ItemsFile['slotCounts']>) =>
    slotCounts.map((slots, i) =>
      domainCorrect[i] === 1 && intentCorrect[i] === 1 && slots.truePositives === slots.gold && slots.truePositives === slots.predicted
        ? 1
        : 0,
    );
  const paired: ItemsFile = { ...run, domainCorrect, frameCorrect: framesOf(run.slotCounts) };
  // slots scored on character offsets make frames of their own (nlu-evaluation.ts)
  if (run.slotCountsChars) paired.frameCorrectChars = framesOf(run.slotCountsChars);
  return paired;
}
