import { adaGrad, decodeWeights, encodeWeights, epochOrders } from './adagrad.js';
import { bioTransitionMask } from './bio-constraints.js';
import { forwardBackward, pathScore, viterbiPath, type ChainScores } from '../crf/forward-backward.js';
import { FeatureIndex } from './feature-index.js';

export interface CrfTrainingOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
  /** Forbid I-X after anything but B-X/I-X when decoding. */
  bioConstraints: boolean;
}

export interface TaggedSequence {
  /** Feature strings of each token. */
  features: ReadonlyArray<readonly string[]>;
  tags: readonly string[];
}

const FORMAT = 'xlnlu.crf-tagger/1';

export interface CrfTaggerJson {
  format: typeof FORMAT;
  tags: string[];
  features: string[];
  bioConstraints: boolean;
  /** Float32, base64: emissions (feature × tag), then transitions (tag × tag), start (tag), end (tag). */
  weights: string;
}

/**
 * Linear-chain CRF over sparse hand-made token features: the max-ent slot baseline. Trained by
 * AdaGrad on the exact negative log-likelihood (forward–backward in log space), one sequence at a
 * time in a seeded order; decoded by Viterbi, optionally with BIO constraints.
 */
export class CrfTagger {
  private readonly emissionSize: number;

  private constructor(
    private readonly featureIndex: FeatureIndex,
    readonly tags: readonly string[],
    /** emissions (F×K) | transitions (K×K) | start (K) | end (K) */
    private readonly weights: Float32Array,
    readonly bioConstraints: boolean,
  ) {
    this.emissionSize = featureIndex.size * tags.length;
  }

  static train(
    sequences: readonly TaggedSequence[],
    options: CrfTrainingOptions,
    onEpoch?: (epoch: number, meanLoss: number) => void,
  ): CrfTagger {
    const usable = sequences.filter((s) => s.tags.length > 0);
    if (usable.length === 0) throw new Error('CrfTagger.train: no non-empty training sequences');
    const tags = [...new Set(usable.flatMap((s) => s.tags))].sort();
    const tagIndex = new Map(tags.map((tag, i) => [tag, i]));
    const featureIndex = new FeatureIndex();
    const encoded = usable.map((s) => {
      if (s.features.length !== s.tags.length)
        throw new Error(`CrfTagger.train: ${s.features.length} feature lists for ${s.tags.length} tags`);
      return {
        ids: s.features.map((f) => Int32Array.from(f.map((name) => featureIndex.add(name)))),
        gold: Int32Array.from(s.tags.map((t) => tagIndex.get(t)!)),
      };
    });
    const K = tags.length;
    const model = new CrfTagger(featureIndex, tags, new Float32Array(featureIndex.size * K + K * K + 2 * K), options.bioConstraints);
    const update = adaGrad(model.weights, options);
    let epoch = 0;
    for (const order of epochOrders(encoded.length, options.epochs, options.seed)) {
      epoch++;
      let loss = 0;
      for (const index of order) loss += model.step(encoded[index]!.ids, encoded[index]!.gold, update);
      onEpoch?.(epoch, loss / order.length);
    }
    return model;
  }

  /** Offsets of the weight blocks: transitions, start and end scores follow the emissions. */
  private layout(): { K: number; trans: number; start: number; end: number } {
    const K = this.tags.length;
    const trans = this.emissionSize;
    return { K, trans, start: trans + K * K, end: trans + K * K + K };
  }

  private emissions(ids: readonly Int32Array[]): Float64Array {
    const K = this.tags.length;
    const out = new Float64Array(ids.length * K);
    ids.forEach((features, t) => {
      for (const f of features) for (let k = 0; k < K; k++) out[t * K + k]! += this.weights[f * K + k]!;
    });
    return out;
  }

  /** The transition, start and end scores, as views into the weights. */
  private chainScores(): ChainScores {
    const { K, trans, start, end } = this.layout();
    return {
      transitions: this.weights.subarray(trans, start),
      start: this.weights.subarray(start, end),
      end: this.weights.subarray(end, end + K),
    };
  }

  /** −log p(tags | features) under the model. */
  negativeLogLikelihood(features: ReadonlyArray<readonly string[]>, tags: readonly string[]): number {
    const tagIndex = new Map(this.tags.map((tag, i) => [tag, i]));
    const gold = Int32Array.from(
      tags.map((tag) => {
        const index = tagIndex.get(tag);
        if (index === undefined) throw new Error(`unknown tag ${JSON.stringify(tag)}; the model has ${this.tags.join(', ')}`);
        return index;
      }),
    );
    const emit = this.emissions(features.map((f) => this.featureIndex.lookup(f)));
    const scores = this.chainScores();
    return forwardBackward(emit, gold.length, this.tags.length, scores).logZ - pathScore(emit, this.tags.length, gold, scores);
  }

  /** One AdaGrad step on a sequence; returns its negative log-likelihood before the step. */
  private step(ids: readonly Int32Array[], gold: Int32Array, update: (k: number, gradient: number) => void): number {
    const T = ids.length;
    const { K, trans, start, end } = this.layout();
    const emit = this.emissions(ids);
    const scores = this.chainScores();
    const { logZ, marginals, pairMarginals } = forwardBackward(emit, T, K, scores);
    const nll = logZ - pathScore(emit, K, gold, scores);
    // gradients: expected counts − gold counts
    for (let t = 1; t < T; t++) pairMarginals[gold[t - 1]! * K + gold[t]!]! -= 1;
    for (let t = 0; t < T; t++) {
      for (let k = 0; k < K; k++) {
        const g = marginals[t * K + k]! - (gold[t] === k ? 1 : 0);
        for (const f of ids[t]!) update(f * K + k, g);
      }
    }
    for (let k = 0; k < K * K; k++) update(trans + k, pairMarginals[k]!);
    for (let k = 0; k < K; k++) {
      update(start + k, marginals[k]! - (gold[0] === k ? 1 : 0));
      update(end + k, marginals[(T - 1) * K + k]! - (gold[T - 1] === k ? 1 : 0));
    }
    return nll;
  }

  /** The best tag sequence (Viterbi) for a sequence of token feature lists. */
  predict(features: ReadonlyArray<readonly string[]>): string[] {
    const emit = this.emissions(features.map((f) => this.featureIndex.lookup(f)));
    const constraints = this.bioConstraints ? bioTransitionMask(this.tags) : undefined;
    return viterbiPath(emit, features.length, this.tags.length, this.chainScores(), constraints).map((k) => this.tags[k]!);
  }

  toJSON(): CrfTaggerJson {
    return {
      format: FORMAT,
      tags: [...this.tags],
      features: this.featureIndex.names(),
      bioConstraints: this.bioConstraints,
      weights: encodeWeights(this.weights),
    };
  }

  static fromJSON(json: unknown, where = 'CRF tagger'): CrfTagger {
    const value = json as Partial<CrfTaggerJson> | null;
    if (!value || value.format !== FORMAT) throw new Error(`${where}: expected format "${FORMAT}", got ${JSON.stringify(value?.format)}`);
    if (
      !Array.isArray(value.tags) ||
      !Array.isArray(value.features) ||
      typeof value.weights !== 'string' ||
      typeof value.bioConstraints !== 'boolean'
    ) {
      throw new Error(`${where}: needs "tags", "features", "bioConstraints" and "weights"`);
    }
    const K = value.tags.length;
    const expected = value.features.length * K + K * K + 2 * K;
    const weights = decodeWeights(value.weights, expected, where);
    return new CrfTagger(FeatureIndex.fromNames(value.features), value.tags, weights, value.bioConstraints);
  }
}
