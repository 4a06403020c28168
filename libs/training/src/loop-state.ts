/** What the epoch loop records after each epoch (train-log.jsonl), and what bench and reports read. */
export interface EpochRecord {
  epoch: number;
  meanLoss: number;
  trainUtterancesPerSecond: number;
  /** The dev score early stopping follows (higher is better). */
  score: number;
  /** The family's dev figures behind the score (e.g. intent, slot F1, frame). */
  dev: Record<string, number>;
  /** Tensors alive after the epoch: flat from epoch to epoch, or something leaks. */
  tensors: number;
  rssMiB: number;
}

/** Where the epoch loop stands after an epoch: enough to go on as if it had never stopped (checkpoint.ts saves it). */
export interface LoopState {
  epoch: number;
  best: number;
  bestEpoch: number | undefined;
  sinceBest: number;
  epochs: EpochRecord[];
}
