import type { Locale, NluRecord } from '@xlnlu/data';
import type { z } from 'zod';
import type { TransferConfig } from './transfer-config.js';
import type { NluPrediction } from './nlu-evaluation.js';
import type { RunDirectory } from './run-directory.js';

/** A trained model as the commands use it: evaluate, serve and the grid never see its insides. */
export interface TrainedModel {
  /** Prepares what prediction in these locales needs (e.g. the romanizers of its input views), if anything. */
  prepare?(locales: Iterable<Locale>): Promise<void>;
  /** Predictions for tokenized records: the parts the family predicts (domain, intent, tags). */
  predictRecords(records: readonly Pick<NluRecord, 'tokens' | 'locale'>[]): NluPrediction[];
  /** Frees its tensors, if it has any. */
  dispose?(): void;
}

/** Everything a family's training gets, in one object. */
export interface TrainContext<C> {
  /** The training records (sampled as the data config says) and the dev records of the training locales. */
  train: readonly NluRecord[];
  dev: readonly NluRecord[];
  /** The `model` part of the experiment config, validated by the family's schema. */
  config: C;
  seed: number;
  /** Where the model goes (`run.modelDirectory`), with the run's log. */
  run: RunDirectory;
  log: (line: string) => void;
  /** Blocks to start from another run's model (families that transfer). */
  transfer: TransferConfig | null;
  /** Go on from the run's last checkpoint (families that resume). */
  resume: boolean;
  /** The .vec file of the English + X space built for this run (`data.sharedSpace`), for families that read word vectors; null without one. */
  sharedSpace: string | null;
}

/**
 * A model family: its config schema, how it trains and how its saved model loads. Families
 * register in the registry (families/registry.ts, or registerFamily from a module named in
 * $XLNLU_FAMILIES); commands dispatch on `model.type` through it and nothing else.
 */
export interface ModelFamily<C extends { type: string } = { type: string }> {
  readonly type: C['type'];
  /** The `model` part of an experiment config: a strict zod object with `type: z.literal(type)` and every default. */
  readonly schema: z.ZodType<C>;
  /** Trains in epochs with checkpoints, so `--resume` can go on after a crash. */
  readonly resumes: boolean;
  /** Accepts a `transfer` section (blocks of another model of the family). */
  readonly transfers: boolean;
  /** Needs intents and domains in its data (MASSIVE); false for families that read tags only. */
  readonly needsIntents: boolean;
  /** Reads word vectors (`context.sharedSpace`): a run with `data.sharedSpace` needs such a family. */
  readonly readsWordVectors?: boolean;
  /** Trains into `context.run.modelDirectory`. */
  train(context: TrainContext<C>): Promise<void>;
  load(directory: string): Promise<TrainedModel>;
}
