import { adaGrad, decodeWeights, encodeWeights, epochOrders } from './adagrad.js';
import { bioTransitionMask } from './bio-constraints.js';
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
      if (s.features.length !== s.tags.length) throw new Error(`CrfTagger.train: ${s.features.length} feature lists for ${s.tags.length} tags`);
      return { ids: s.features.map((f) => Int32Array.from(f.map((name) => featureIndex.add(name)))), gold: Int32Array.from(s.tags.map((t) => tagIndex.get(t)!)) };
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

  /**
   * Scaled forward–backward in probability space (Rabiner's scaling): every inner loop is a
   * multiply-add. alpha and beta are normalised per position, so that alpha[t,k]·beta[t,k] is the
   * marginal p(y_t = k) and alpha[t−1,i]·A[i,j]·E[t,j]·beta[t,j]/scale[t] the pairwise marginal.
   */
  private forwardBackward(emit: Float64Array, T: number) {
    const w = this.weights;
    const { K, trans, start, end } = this.layout();
    const transitionExp = new Float64Array(K * K);
    for (let k = 0; k < K * K; k++) transitionExp[k] = Math.exp(w[trans + k]!);
    // emissions are shifted by their maximum per position; the shifts go back into log Z
    const emitExp = new Float64Array(T * K);
    let logZ = 0;
    for (let t = 0; t < T; t++) {
      let max = -Infinity;
      for (let k = 0; k < K; k++) max = Math.max(max, emit[t * K + k]!);
      for (let k = 0; k < K; k++) emitExp[t * K + k] = Math.exp(emit[t * K + k]! - max);
      logZ += max;
    }
    const alpha = new Float64Array(T * K);
    const beta = new Float64Array(T * K);
    const scale = new Float64Array(T);
    const normalise = (t: number) => {
      let sum = 0;
      for (let k = 0; k < K; k++) sum += alpha[t * K + k]!;
      scale[t] = sum;
      for (let k = 0; k < K; k++) alpha[t * K + k]! /= sum;
      logZ += Math.log(sum);
    };
    for (let k = 0; k < K; k++) alpha[k] = Math.exp(w[start + k]!) * emitExp[k]!;
    normalise(0);
    for (let t = 1; t < T; t++) {
      for (let i = 0; i < K; i++) {
        const from = alpha[(t - 1) * K + i]!;
        if (from === 0) continue;
        for (let j = 0; j < K; j++) alpha[t * K + j]! += from * transitionExp[i * K + j]!;
      }
      for (let j = 0; j < K; j++) alpha[t * K + j]! *= emitExp[t * K + j]!;
      normalise(t);
    }
    let endSum = 0;
    for (let k = 0; k < K; k++) endSum += alpha[(T - 1) * K + k]! * Math.exp(w[end + k]!);
    logZ += Math.log(endSum);
    for (let k = 0; k < K; k++) beta[(T - 1) * K + k] = Math.exp(w[end + k]!) / endSum;
    const next = new Float64Array(K);
    for (let t = T - 2; t >= 0; t--) {
      for (let j = 0; j < K; j++) next[j] = (emitExp[(t + 1) * K + j]! * beta[(t + 1) * K + j]!) / scale[t + 1]!;
      for (let i = 0; i < K; i++) {
        let sum = 0;
        for (let j = 0; j < K; j++) sum += transitionExp[i * K + j]! * next[j]!;
        beta[t * K + i] = sum;
      }
    }
    return { alpha, beta, scale, emitExp, transitionExp, logZ };
  }

  private goldScore(emit: Float64Array, gold: Int32Array): number {
    const T = gold.length;
    const w = this.weights;
    const { K, trans, start, end } = this.layout();
    let score = w[start + gold[0]!]! + w[end + gold[T - 1]!]!;
    for (let t = 0; t < T; t++) score += emit[t * K + gold[t]!]!;
    for (let t = 1; t < T; t++) score += w[trans + gold[t - 1]! * K + gold[t]!]!;
    return score;
  }

  /** −log p(tags | features) under the model. */
  negativeLogLikelihood(features: ReadonlyArray<readonly string[]>, tags: readonly string[]): number {
    const tagIndex = new Map(this.tags.map((tag, i) => [tag, i]));
    const gold = Int32Array.from(tags.map((tag) => {
      const index = tagIndex.get(tag);
      if (index === undefined) throw new Error(`unknown tag ${JSON.stringify(tag)}; the model has ${this.tags.join(', ')}`);
      return index;
    }));
    const emit = this.emissions(features.map((f) => this.featureIndex.lookup(f)));
    return this.forwardBackward(emit, gold.length).logZ - this.goldScore(emit, gold);
  }

  /** One AdaGrad step on a sequence; returns its negative log-likelihood before the step. */
  private step(ids: readonly Int32Array[], gold: Int32Array, update: (k: number, gradient: number) => void): number {
    const T = ids.length;
    const { K, trans, start, end } = this.layout();
    const emit = this.emissions(ids);
    const { alpha, beta, scale, emitExp, transitionExp, logZ } = this.forwardBackward(emit, T);
    // gradients: expected counts − gold counts
    const transitionGradient = new Float64Array(K * K);
    for (let t = 1; t < T; t++) {
      for (let i = 0; i < K; i++) {
        const from = alpha[(t - 1) * K + i]! / scale[t]!;
        if (from === 0) continue;
        for (let j = 0; j < K; j++) {
          transitionGradient[i * K + j]! += from * transitionExp[i * K + j]! * emitExp[t * K + j]! * beta[t * K + j]!;
        }
      }
      transitionGradient[gold[t - 1]! * K + gold[t]!]! -= 1;
    }
    const marginal = (t: number, k: number) => alpha[t * K + k]! * beta[t * K + k]!;
    for (let t = 0; t < T; t++) {
      for (let k = 0; k < K; k++) {
        const g = marginal(t, k) - (gold[t] === k ? 1 : 0);
        for (const f of ids[t]!) update(f * K + k, g);
      }
    }
    for (let k = 0; k < K * K; k++) update(trans + k, transitionGradient[k]!);
    for (let k = 0; k < K; k++) {
      update(start + k, marginal(0, k) - (gold[0] === k ? 1 : 0));
      update(end + k, marginal(T - 1, k) - (gold[T - 1] === k ? 1 : 0));
    }
    return logZ - this.goldScore(emit, gold);
  }

  /** The best tag sequence (Viterbi) for a sequence of token feature lists. */
  predict(features: ReadonlyArray<readonly string[]>): string[] {
    const T = features.length;
    if (T === 0) return [];
    const w = this.weights;
    const { K, trans, start, end } = this.layout();
    const mask = this.bioConstraints ? bioTransitionMask(this.tags) : undefined;
    const emit = this.emissions(features.map((f) => this.featureIndex.lookup(f)));
    const score = new Float64Array(T * K);
    const back = new Int32Array(T * K);
    for (let k = 0; k < K; k++) score[k] = mask && !mask.allowedStart[k] ? -Infinity : w[start + k]! + emit[k]!;
    for (let t = 1; t < T; t++) {
      for (let j = 0; j < K; j++) {
        let best = -Infinity;
        let arg = 0;
        for (let i = 0; i < K; i++) {
          if (mask && !mask.allowed[i * K + j]) continue;
          const candidate = score[(t - 1) * K + i]! + w[trans + i * K + j]!;
          if (candidate > best) [best, arg] = [candidate, i];
        }
        score[t * K + j] = best + emit[t * K + j]!;
        back[t * K + j] = arg;
      }
    }
    let last = 0;
    for (let k = 1; k < K; k++) if (score[(T - 1) * K + k]! + w[end + k]! > score[(T - 1) * K + last]! + w[end + last]!) last = k;
    const path = new Array<number>(T);
    path[T - 1] = last;
    for (let t = T - 1; t > 0; t--) path[t - 1] = back[t * K + path[t]!]!;
    return path.map((k) => this.tags[k]!);
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
    if (!Array.isArray(value.tags) || !Array.isArray(value.features) || typeof value.weights !== 'string' || typeof value.bioConstraints !== 'boolean') {
      throw new Error(`${where}: needs "tags", "features", "bioConstraints" and "weights"`);
    }
    const K = value.tags.length;
    const expected = value.features.length * K + K * K + 2 * K;
    const weights = decodeWeights(value.weights, expected, where);
    return new CrfTagger(FeatureIndex.fromNames(value.features), value.tags, weights, value.bioConstraints);
  }
}
