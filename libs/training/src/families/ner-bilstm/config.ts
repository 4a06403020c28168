import { z } from 'zod';
import { viewSchema } from '../../views.js';

/** The NER network of the second study, trained on MASSIVE slots as entities. */
export const nerBilstmConfig = z.strictObject({
  type: z.literal('ner-bilstm'),
  /** What the word module reads: the original script, or the romanized tokens. */
  wordView: viewSchema.default('original'),
  /** What the char module reads (the article's best: romanized). */
  charView: viewSchema.default('romanized'),
  wordDim: z.number().int().positive().default(100),
  charDim: z.number().int().positive().default(30),
  charUnits: z.number().int().positive().default(50),
  wordUnits: z.number().int().positive().default(128),
  dropout: z.number().min(0).max(0.9).default(0.25),
  minCount: z.number().int().positive().default(1),
  decoder: z.enum(['crf', 'softmax']).default('crf'),
  batchSize: z.number().int().positive().default(32),
  learningRate: z.number().positive().default(0.002),
  maxEpochs: z.number().int().positive().default(10),
  patience: z.number().int().positive().default(2),
  bioConstraints: z.boolean().default(true),
});

export type NerBilstmConfig = z.infer<typeof nerBilstmConfig>;
