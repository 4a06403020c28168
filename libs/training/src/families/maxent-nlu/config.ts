import { z } from 'zod';

const classifier = z.strictObject({
  wordNgrams: z.array(z.number().int().min(1).max(5)).default([1, 2]),
  charNgrams: z.array(z.number().int().min(1).max(8)).default([]),
  epochs: z.number().int().positive().default(30),
  learningRate: z.number().positive().default(0.1),
  l2: z.number().min(0).default(0.001),
});

const slotTagger = z.strictObject({
  epochs: z.number().int().positive().default(8),
  learningRate: z.number().positive().default(0.1),
  l2: z.number().min(0).default(0.0001),
  bioConstraints: z.boolean().default(true),
});

/** The monolingual max-ent baselines: domain and intent classifiers, CRF slot tagger. */
export const maxentNluConfig = z.strictObject({
  type: z.literal('maxent-nlu'),
  domain: classifier.nullable().default(classifier.parse({})),
  intent: classifier.nullable().default(classifier.parse({})),
  slots: slotTagger.nullable().default(slotTagger.parse({})),
});

export type MaxEntNluConfig = z.infer<typeof maxentNluConfig>;
