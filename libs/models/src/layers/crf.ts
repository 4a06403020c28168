import { tf, tfl } from '@xlnlu/compute';
import { forwardBackwardFast, pathScore, viterbiPathFast, type Float32ChainScores } from '../crf/forward-backward.js';
import { bioTransitionMask } from '../maxent/bio-constraints.js';
import { assertFinite } from '../non-finite.js';

type Tensor = tf.Tensor;

/** Added to forbidden transitions: large enough to never win, small enough to keep gradients finite. */
const FORBIDDEN = -1e4;

/** Allowed transitions as 0/1 numbers (a layer config's strings do not survive serialisation). */
export interface CrfConstraints {
  /** allowed[from * K + to] */
  allowed: number[];
  allowedStart: number[];
}

export interface CrfLayerArgs {
  numTags: number;
  /** Transitions to forbid in training and decoding; none when null. */
  constraints: CrfConstraints | null;
  name?: string;
  trainable?: boolean;
}

/** The BIO constraints for a tag set: I-X only after B-X or I-X, and never first. */
export function bioConstraints(tags: readonly string[]): CrfConstraints {
  const { allowed, allowedStart } = bioTransitionMask(tags);
  return { allowed: Array.from(allowed), allowedStart: Array.from(allowedStart) };
}

/**
 * Linear-chain CRF as a TensorFlow.js layer. Its weights are the tag-transition scores and the
 * start and end scores; `call` passes the emissions through unchanged, so the layer sits at the
 * end of a model and is saved with it. Training uses `negativeLogLikelihood`, decoding `decode`.
 * Sequences are left-aligned: mask[b, t] is 1 for real tokens, 0 for padding after them.
 */
export class CrfLayer extends tfl.layers.Layer {
  static readonly className = 'XlnluCrf';
  readonly numTags: number;
  readonly constraints: CrfConstraints | null;
  transitions!: tfl.LayerVariable;
  start!: tfl.LayerVariable;
  end!: tfl.LayerVariable;
  private constraintMask: { transitions: Tensor; start: Tensor } | undefined;

  constructor(args: CrfLayerArgs) {
    super({ name: args.name, trainable: args.trainable });
    const K = args.numTags;
    if (!Number.isInteger(K) || K < 1) throw new Error(`CrfLayer: numTags must be a positive integer, got ${K}`);
    if (args.constraints && (args.constraints.allowed.length !== K * K || args.constraints.allowedStart.length !== K)) {
      throw new Error(`CrfLayer: constraints must have ${K * K} transitions and ${K} start entries`);
    }
    this.numTags = K;
    this.constraints = args.constraints;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const K = this.numTags;
    if (shape[shape.length - 1] !== K)
      throw new Error(`CrfLayer: emissions have ${shape[shape.length - 1]} scores per token but there are ${K} tags`);
    const init = tfl.initializers.randomUniform({ minval: -0.1, maxval: 0.1, seed: 1 });
    this.transitions = this.addWeight('transitions', [K, K], 'float32', init);
    this.start = this.addWeight('start', [K], 'float32', tfl.initializers.zeros());
    this.end = this.addWeight('end', [K], 'float32', tfl.initializers.zeros());
    this.built = true;
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    return tf.clone(Array.isArray(inputs) ? inputs[0]! : inputs);
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape | tfl.Shape[] {
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), numTags: this.numTags, constraints: this.constraints as unknown as tf.serialization.ConfigDict | null };
  }

  /** Transition, start and end scores with the constraints applied. */
  scores(): { transitions: Tensor; start: Tensor; end: Tensor } {
    const transitions = this.transitions.read();
    const start = this.start.read();
    const constraints = this.constraints;
    if (!constraints) return { transitions, start, end: this.end.read() };
    this.constraintMask ??= tf.tidy(() => {
      const K = this.numTags;
      const toPenalty = (mask: number[], shape: number[]) =>
        tf.keep(
          tf.tensor(
            mask.map((ok) => (ok ? 0 : FORBIDDEN)),
            shape,
          ),
        );
      return { transitions: toPenalty(constraints.allowed, [K, K]), start: toPenalty(constraints.allowedStart, [K]) };
    });
    return {
      transitions: tf.add(transitions, this.constraintMask.transitions),
      start: tf.add(start, this.constraintMask.start),
      end: this.end.read(),
    };
  }

  /**
   * −log p(tags | emissions) per sequence: emissions [B,T,K], tags [B,T] int32, mask [B,T] → [B].
   * `fused` (the default) runs forward–backward on the host in one op (the native core's C++ when it
   * is built, else TypeScript), ~10–30× faster than the tensor-op forward algorithm on cpu and wasm,
   * whose per-op overhead dominates at these sizes (tools/src/bench-crf-loss.ts).
   */
  negativeLogLikelihood(emissions: Tensor, tags: Tensor, mask: Tensor, implementation: 'fused' | 'tensor' = 'fused'): Tensor {
    return tf.tidy(() => {
      const { transitions, start, end } = this.scores();
      const nll = implementation === 'fused' ? crfNegativeLogLikelihoodFused : crfNegativeLogLikelihood;
      return nll(emissions, tags, mask, transitions, start, end);
    });
  }

  /** Best tag index sequence (Viterbi) of each sequence, as long as its mask. */
  decode(emissions: Tensor, mask: Tensor): number[][] {
    const [B, T, K] = emissions.shape as [number, number, number];
    const emit = emissions.dataSync() as Float32Array;
    const maskValues = mask.dataSync();
    // read outside tidy: tidy walks what it returns element by element, typed arrays included
    const scoreTensors = tf.tidy(() => {
      const { transitions, start, end } = this.scores();
      return [transitions, start, end].map((t) => tf.clone(t)); // some are the variables' own tensors
    });
    const [transitions, start, end] = scoreTensors.map((t) => t.dataSync() as Float32Array) as [Float32Array, Float32Array, Float32Array];
    tf.dispose(scoreTensors);
    for (const [values, what] of [
      [emit, 'tag scores'],
      [transitions, 'CRF transition scores'],
      [start, 'CRF start scores'],
      [end, 'CRF end scores'],
    ] as const)
      assertFinite(values, what);
    const scores: Float32ChainScores = { transitions, start, end };
    return Array.from({ length: B }, (_, b) => {
      let length = 0;
      while (length < T && maskValues[b * T + length]! > 0) length++;
      return viterbiPathFast(emit.subarray(b * T * K, (b * T + length) * K), length, K, scores);
    });
  }

  override dispose(): ReturnType<tfl.layers.Layer['dispose']> {
    if (this.constraintMask) tf.dispose([this.constraintMask.transitions, this.constraintMask.start]);
    this.constraintMask = undefined;
    return super.dispose();
  }
}
tf.serialization.registerClass(CrfLayer);

/**
 * Masked linear-chain CRF negative log-likelihood (forward algorithm), differentiable with respect
 * to every input score. emissions [B,T,K], tags [B,T] int32, mask [B,T] (1 = token, 0 = padding,
 * left-aligned, at least one token), transitions [K,K] (from × to), start [K], end [K] → [B].
 */
export function crfNegativeLogLikelihood(
  emissions: Tensor,
  tags: Tensor,
  mask: Tensor,
  transitions: Tensor,
  start: Tensor,
  end: Tensor,
): Tensor {
  return tf.tidy(() => {
    const [, T, K] = emissions.shape as [number, number, number];
    const maskF = tf.cast(mask, 'float32');
    const steps = tf.unstack(emissions, 1) as Tensor[]; // T × [B,K]
    const maskSteps = tf.unstack(maskF, 1) as Tensor[]; // T × [B]
    // log partition function
    let alpha: Tensor = tf.add(start, steps[0]!); // [B,K]
    for (let t = 1; t < T; t++) {
      const next = tf.add(tf.logSumExp(tf.add(tf.expandDims(alpha, 2), transitions), 1), steps[t]!); // [B,K]
      const m = tf.expandDims(maskSteps[t]!, 1);
      alpha = tf.add(tf.mul(next, m), tf.mul(alpha, tf.sub(1, m)));
    }
    const logZ = tf.logSumExp(tf.add(alpha, end), 1); // [B]
    // score of the given tags
    const oneHot = tf.oneHot(tf.cast(tags, 'int32'), K); // [B,T,K]
    const emitted = tf.sum(tf.mul(tf.sum(tf.mul(emissions, oneHot), 2), maskF), 1); // [B]
    const tagSteps = tf.unstack(oneHot, 1) as Tensor[]; // T × [B,K]
    let score = tf.add(emitted, tf.sum(tf.mul(tagSteps[0]!, start), 1));
    for (let t = 1; t < T; t++) {
      const transition = tf.sum(tf.mul(tf.matMul(tagSteps[t - 1]!, transitions), tagSteps[t]!), 1); // [B]
      score = tf.add(score, tf.mul(transition, maskSteps[t]!));
    }
    // end score at the last real token of each sequence
    const lengths = tf.sum(maskF, 1);
    const lastPosition = tf.oneHot(tf.cast(tf.sub(lengths, 1), 'int32'), T); // [B,T]
    const lastTag = tf.sum(tf.mul(oneHot, tf.expandDims(lastPosition, 2)), 1); // [B,K]
    score = tf.add(score, tf.sum(tf.mul(lastTag, end), 1));
    return tf.sub(logZ, score);
  });
}

/**
 * The same masked CRF negative log-likelihood as `crfNegativeLogLikelihood`, with its gradient,
 * computed per sequence by forward–backward on the host (one tf.customGrad op: the native core's
 * C++ when it is built, else TypeScript; see forwardBackwardFast).
 */
export function crfNegativeLogLikelihoodFused(
  emissions: Tensor,
  tags: Tensor,
  mask: Tensor,
  transitions: Tensor,
  start: Tensor,
  end: Tensor,
): Tensor {
  const [B, T, K] = emissions.shape as [number, number, number];
  const tagValues = tags.dataSync();
  const maskValues = mask.dataSync();
  const fused = tf.customGrad((...args) => {
    const [e, tr, s, en] = args as Tensor[];
    const emitValues = e!.dataSync() as Float32Array;
    const scores = { transitions: tr!.dataSync(), start: s!.dataSync(), end: en!.dataSync() } as Float32ChainScores;
    const nll = new Float32Array(B);
    const dEmissions = new Float32Array(B * T * K);
    const dTransitions = new Float64Array(B * K * K);
    const dStart = new Float64Array(B * K);
    const dEnd = new Float64Array(B * K);
    for (let b = 0; b < B; b++) {
      let length = 0;
      while (length < T && maskValues[b * T + length]! > 0) length++;
      if (length === 0) continue;
      const emit = emitValues.subarray(b * T * K, (b * T + length) * K);
      const path = tagValues.subarray(b * T, b * T + length);
      const { logZ, marginals, pairMarginals } = forwardBackwardFast(emit, length, K, scores);
      nll[b] = logZ - pathScore(emit, K, path, scores);
      for (let t = 0; t < length; t++) {
        for (let k = 0; k < K; k++) dEmissions[(b * T + t) * K + k] = marginals[t * K + k]!;
        dEmissions[(b * T + t) * K + path[t]!]! -= 1;
      }
      dTransitions.set(pairMarginals, b * K * K);
      for (let t = 1; t < length; t++) dTransitions[b * K * K + path[t - 1]! * K + path[t]!]! -= 1;
      for (let k = 0; k < K; k++) {
        dStart[b * K + k] = marginals[k]!;
        dEnd[b * K + k] = marginals[(length - 1) * K + k]!;
      }
      dStart[b * K + path[0]!]! -= 1;
      dEnd[b * K + path[length - 1]!]! -= 1;
    }
    return {
      value: tf.tensor1d(nll),
      gradFunc: (dy: Tensor) => {
        const weight = dy.dataSync();
        const weighted = (values: Float64Array, size: number) => {
          const out = new Float32Array(size);
          for (let b = 0; b < B; b++) for (let i = 0; i < size; i++) out[i]! += weight[b]! * values[b * size + i]!;
          return out;
        };
        const perSequence = dEmissions.map((value, i) => value * weight[Math.floor(i / (T * K))]!);
        return [
          tf.tensor3d(perSequence, [B, T, K]),
          tf.tensor2d(weighted(dTransitions, K * K), [K, K]),
          tf.tensor1d(weighted(dStart, K)),
          tf.tensor1d(weighted(dEnd, K)),
        ];
      },
    };
  });
  return fused(emissions, transitions, start, end);
}
