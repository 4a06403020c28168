/**
 * The native compute core (libs/compute/native: C++ built by node-gyp during `npm ci`): the
 * BiLSTM's forward and backward passes and the CRF's forward–backward and Viterbi, each one call
 * instead of hundreds of small TensorFlow.js kernels, and whole networks (the joint and NER
 * networks' training loss with every gradient, Adam, their predictions; docs/architecture.md,
 * Native networks). Optional: when it was not built, or $XLNLU_NATIVE is `off`, the models run
 * their TensorFlow.js / JavaScript paths, which compute the same values (parity specs in
 * libs/models).
 */
export interface NativeKernels {
  /** dims [B,T,D,H]; see libs/models/src/layers/bilstm-op.ts for the semantics. */
  biLstmForward(
    dims: [number, number, number, number],
    x: Float32Array,
    mask: Float32Array,
    kernel: Float32Array,
    recurrent: Float32Array,
    bias: Float32Array,
    keepCache: boolean,
  ): { y: Float32Array; cache?: BiLstmCache };
  biLstmBackward(
    dims: [number, number, number, number],
    x: Float32Array,
    mask: Float32Array,
    kernel: Float32Array,
    recurrent: Float32Array,
    cache: BiLstmCache,
    dy: Float32Array,
  ): { dx: Float32Array; dKernel: Float32Array; dRecurrent: Float32Array; dBias: Float32Array };
  /** Writes marginals [T,K] and summed pairwise marginals [K,K]; returns log Z. */
  crfForwardBackward(...args: [...ChainArguments, marginals: Float64Array, pairMarginals: Float64Array]): number;
  /** The best path; `allowed` [K,K] / `allowedStart` [K] (0 forbids) are optional. */
  crfViterbi(...args: [...ChainArguments, allowed?: Float32Array, allowedStart?: Float32Array]): Int32Array;
  /**
   * The joint network's training loss and every gradient in one call (native/src/joint_step.h):
   * `weights` and `gradients` by JOINT_WEIGHTS slot (null: an absent optional part; for gradients
   * also a frozen weight, and always the fixed space); overwrites the gradients, returns the loss.
   */
  jointLossAndGradients(
    dims: Int32Array,
    weights: readonly (Float32Array | null)[],
    gradients: readonly (Float32Array | null)[],
    batch: JointHostArrays,
    objective: Float64Array,
    allowed?: Float32Array,
    allowedStart?: Float32Array,
  ): number;
  /** Predictions of the joint network (no dropout): Viterbi tags [B·T] (0 on padding) and intent probabilities [B·I]; with `tables` (jointProjections of these weights) the input projection is read from them. */
  jointPredict(
    dims: Int32Array,
    weights: readonly (Float32Array | null)[],
    batch: Omit<JointHostArrays, 'tags' | 'intents'>,
    allowed?: Float32Array,
    allowedStart?: Float32Array,
    tables?: JointProjectionTables,
  ): { tags: Int32Array; probabilities: Float32Array };
  /**
   * Every word's [2,V,4H] and char bigram's [2,Vb,4H] projection through the BiLSTM's input kernel
   * (dims' B and T unused); with `features`, the folded words' rows also hold their bigrams' mean and
   * space vector's projection, so that prediction reads such a token's row in place.
   */
  jointProjections(dims: Int32Array, weights: readonly (Float32Array | null)[], features?: JointWordFeatures): JointProjectionTables;
  /** One Adam step in place on every [weights, m, v, gradient], as TensorFlow.js's AdamOptimizer computes it; hyper = [lr, β1, β2, 1−β1, 1−β2, ε, 1−β1ᵗ, 1−β2ᵗ]. */
  adamUpdate(tensors: readonly (readonly [Float32Array, Float32Array, Float32Array, Float32Array])[], hyper: Float64Array): void;
  /**
   * The NER network's training loss and every gradient in one call (native/src/ner_step.h):
   * dims [B, T, C, Vc, Ec, Hc, Vw, Ew, Hw, K, crf], `weights` and `gradients` by NER_WEIGHTS slot
   * (null: the CRF's without a CRF; for gradients also a frozen weight); objective [dropout,
   * input-dropout stream, state-dropout stream].
   */
  nerLossAndGradients(
    dims: Int32Array,
    weights: readonly (Float32Array | null)[],
    gradients: readonly (Float32Array | null)[],
    batch: NerHostArrays,
    objective: Float64Array,
    allowed?: Float32Array,
    allowedStart?: Float32Array,
  ): number;
  /** Best tag ids [B·T] of the NER network (0 on padding): Viterbi with a CRF, each word's argmax without. */
  nerPredict(
    dims: Int32Array,
    weights: readonly (Float32Array | null)[],
    batch: Omit<NerHostArrays, 'tags'>,
    allowed?: Float32Array,
    allowedStart?: Float32Array,
  ): Int32Array;
  /** Threads the native core may use from now on (default: the machine's cores); returns the count before. */
  setThreads(threads: number): number;
  /** Threads the native core may use. */
  threads(): number;
}

/** The order of the joint network's weights in jointLossAndGradients (native/src/joint_step.h JointWeight). */
export const JOINT_WEIGHTS = [
  'words',
  'bigrams',
  'space',
  'lstmKernel',
  'lstmRecurrent',
  'lstmBias',
  'emitKernel',
  'emitBias',
  'transitions',
  'start',
  'end',
  'ngrams',
  'hiddenKernel',
  'hiddenBias',
  'outKernel',
  'outBias',
  'intentWide',
] as const;
export type JointWeightSlot = (typeof JOINT_WEIGHTS)[number];

/** The order of the NER network's weights in nerLossAndGradients (native/src/ner_step.h NerWeight). */
export const NER_WEIGHTS = [
  'charEmbeddings',
  'charKernel',
  'charRecurrent',
  'charBias',
  'wordEmbeddings',
  'wordKernel',
  'wordRecurrent',
  'wordBias',
  'emitKernel',
  'emitBias',
  'transitions',
  'start',
  'end',
] as const;
export type NerWeightSlot = (typeof NER_WEIGHTS)[number];

/** A NER batch as the native step reads it: word ids [B,T], char-bigram ids [B,T,C], mask [B,T], gold tags [B,T]. */
export interface NerHostArrays {
  words: Int32Array;
  chars: Int32Array;
  mask: Float32Array;
  tags: Int32Array;
}

/** The per-row input projections jointPredict can read instead of multiplying (native/src/joint_step.h). */
export interface JointProjectionTables {
  words: Float32Array;
  bigrams: Float32Array | null;
  /** [V] 1 where a word's row is whole (its features folded in), or null. */
  folded: Uint8Array | null;
}

/**
 * What each vocabulary word's other inputs are where they follow from the word alone
 * (native/src/joint_step.h JointWordFeatures): folded [V] marks those words (not padding or the
 * unknown word); bigrams [V·C] (0 pads) with char-bigram features, space [V] with space vectors.
 */
export interface JointWordFeatures {
  folded: Uint8Array;
  bigrams: Int32Array | null;
  C: number;
  space: Int32Array | null;
}

/** A joint batch as the native step reads it: ids [B,T] (bigrams [B,T,C], n-grams [B,N]), mask [B,T], gold tags [B,T] and intents [B]. */
export interface JointHostArrays {
  tokens: Int32Array;
  bigrams?: Int32Array | null;
  space?: Int32Array | null;
  ngrams?: Int32Array | null;
  mask: Float32Array;
  tags: Int32Array;
  intents: Int32Array;
}

/** What both CRF kernels start with: T positions, K tags, emissions [T,K], transitions [K,K], start and end [K]. */
type ChainArguments = [T: number, K: number, emissions: Float32Array, transitions: Float32Array, start: Float32Array, end: Float32Array];

/** What the backward pass needs from the forward pass (gates and states), as one array. */
export type BiLstmCache = Float32Array;

export const NATIVE_ENV = 'XLNLU_NATIVE';
/** Threads of the native core, when not the machine's cores (also `--threads` of the commands). */
export const THREADS_ENV = 'XLNLU_THREADS';
/** Every call of NativeKernels (a record, so the compiler refuses a call added to the interface and not here). */
const CALLS: Record<keyof NativeKernels, true> = {
  biLstmForward: true,
  biLstmBackward: true,
  crfForwardBackward: true,
  crfViterbi: true,
  jointLossAndGradients: true,
  jointPredict: true,
  jointProjections: true,
  adamUpdate: true,
  nerLossAndGradients: true,
  nerPredict: true,
  setThreads: true,
  threads: true,
};

/** The calls of NativeKernels a loaded addon lacks (an addon built from older sources). */
export function missingCalls(addon: object): string[] {
  return Object.keys(CALLS).filter((name) => typeof (addon as Record<string, unknown>)[name] !== 'function');
}

export function parseThreads(value: string | number, where: string): number {
  const threads = Number(value);
  if (!Number.isInteger(threads) || threads < 1 || threads > 1024)
    throw new Error(`${where}: expected a positive number of threads, got ${JSON.stringify(value)}`);
  return threads;
}
