import { z } from 'zod';

/**
 * Start a neural model from another run's model (docs/architecture.md, Transfer): copy the weights of some blocks,
 * aligning embedding rows by shared token or char bigram and outputs by label, and freeze some blocks.
 */
export const transferConfig = z.strictObject({
  /** The source run directory (or its model/ directory), of the same model type. */
  from: z.string().min(1),
  /** Blocks to copy: joint `embeddings`, `encoder`, `decoder` (`decoder.slots`, `decoder.intent`); NER `char`, `word`, `classifier`. */
  copy: z.array(z.string().min(1)).min(1),
  /** Blocks whose weights stay as copied (or as initialised) during training. */
  freeze: z.array(z.string().min(1)).default([]),
  /** Source label → target label, for entity/slot types (B-/I- tags follow) and intents; identity otherwise. */
  labelMap: z.record(z.string(), z.string()).default({}),
});

export type TransferConfig = z.infer<typeof transferConfig>;
