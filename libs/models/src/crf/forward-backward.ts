import { nativeKernels } from '@xlnlu/compute';

/** Scores of a linear-chain CRF over K tags, as flat arrays. */
export interface ChainScores {
  /** transitions[from * K + to] */
  transitions: ArrayLike<number>;
  start: ArrayLike<number>;
  end: ArrayLike<number>;
}

export interface ForwardBackwardResult {
  logZ: number;
  /** p(y_t = k), T×K */
  marginals: Float64Array;
  /** Σ_t p(y_{t−1} = i, y_t = j), K×K */
  pairMarginals: Float64Array;
}

/**
 * Forward–backward for one sequence of T emission score vectors (emissions[t * K + k]), in
 * probability space with per-position scaling (Rabiner), so that every inner loop is a
 * multiply-add: the log partition function and the node and summed pairwise marginals.
 */
export function forwardBackward(emissions: ArrayLike<number>, T: number, K: number, scores: ChainScores): ForwardBackwardResult {
  const transitionExp = new Float64Array(K * K);
  for (let k = 0; k < K * K; k++) transitionExp[k] = Math.exp(scores.transitions[k]!);
  // emissions are shifted by their maximum per position; the shifts go back into log Z
  const emitExp = new Float64Array(T * K);
  let logZ = 0;
  for (let t = 0; t < T; t++) {
    let max = -Infinity;
    for (let k = 0; k < K; k++) max = Math.max(max, emissions[t * K + k]!);
    for (let k = 0; k < K; k++) emitExp[t * K + k] = Math.exp(emissions[t * K + k]! - max);
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
  for (let k = 0; k < K; k++) alpha[k] = Math.exp(scores.start[k]!) * emitExp[k]!;
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
  for (let k = 0; k < K; k++) endSum += alpha[(T - 1) * K + k]! * Math.exp(scores.end[k]!);
  logZ += Math.log(endSum);
  for (let k = 0; k < K; k++) beta[(T - 1) * K + k] = Math.exp(scores.end[k]!) / endSum;
  const next = new Float64Array(K);
  const pairMarginals = new Float64Array(K * K);
  for (let t = T - 2; t >= 0; t--) {
    for (let j = 0; j < K; j++) next[j] = (emitExp[(t + 1) * K + j]! * beta[(t + 1) * K + j]!) / scale[t + 1]!;
    for (let i = 0; i < K; i++) {
      const from = alpha[t * K + i]!;
      let sum = 0;
      for (let j = 0; j < K; j++) {
        const product = transitionExp[i * K + j]! * next[j]!;
        sum += product;
        pairMarginals[i * K + j]! += from * product;
      }
      beta[t * K + i] = sum;
    }
  }
  const marginals = new Float64Array(T * K);
  for (let k = 0; k < T * K; k++) marginals[k] = alpha[k]! * beta[k]!;
  return { logZ, marginals, pairMarginals };
}

/** Score of one tag path: start + emissions + transitions + end. */
export function pathScore(emissions: ArrayLike<number>, K: number, path: ArrayLike<number>, scores: ChainScores): number {
  const T = path.length;
  let score = scores.start[path[0]!]! + scores.end[path[T - 1]!]!;
  for (let t = 0; t < T; t++) {
    score += emissions[t * K + path[t]!]!;
    if (t > 0) score += scores.transitions[path[t - 1]! * K + path[t]!]!;
  }
  return score;
}

/** The highest-scoring tag path (Viterbi); `allowed`/`allowedStart` (0/1) forbid transitions when given. */
export function viterbiPath(
  emissions: ArrayLike<number>,
  T: number,
  K: number,
  scores: ChainScores,
  constraints?: { allowed: ArrayLike<number>; allowedStart: ArrayLike<number> },
): number[] {
  if (T === 0) return [];
  const score = new Float64Array(T * K);
  const back = new Int32Array(T * K);
  for (let k = 0; k < K; k++) score[k] = constraints && !constraints.allowedStart[k] ? -Infinity : scores.start[k]! + emissions[k]!;
  for (let t = 1; t < T; t++) {
    for (let j = 0; j < K; j++) {
      let best = -Infinity;
      let arg = 0;
      for (let i = 0; i < K; i++) {
        if (constraints && !constraints.allowed[i * K + j]) continue;
        const candidate = score[(t - 1) * K + i]! + scores.transitions[i * K + j]!;
        if (candidate > best) [best, arg] = [candidate, i];
      }
      score[t * K + j] = best + emissions[t * K + j]!;
      back[t * K + j] = arg;
    }
  }
  let last = 0;
  for (let k = 1; k < K; k++) if (score[(T - 1) * K + k]! + scores.end[k]! > score[(T - 1) * K + last]! + scores.end[last]!) last = k;
  const path = new Array<number>(T);
  path[T - 1] = last;
  for (let t = T - 1; t > 0; t--) path[t - 1] = back[t * K + path[t]!]!;
  return path;
}

/** Float32 scores, as the CRF layer's tensors give them: what the native kernels take. */
export interface Float32ChainScores extends ChainScores {
  transitions: Float32Array;
  start: Float32Array;
  end: Float32Array;
}

/** `forwardBackward` on the native compute core when it is built (the same values), else in TypeScript (forwardBackward above). */
export function forwardBackwardFast(emissions: Float32Array, T: number, K: number, scores: Float32ChainScores): ForwardBackwardResult {
  const native = nativeKernels();
  if (!native) return forwardBackward(emissions, T, K, scores);
  const marginals = new Float64Array(T * K);
  const pairMarginals = new Float64Array(K * K);
  const logZ = native.crfForwardBackward(T, K, emissions, scores.transitions, scores.start, scores.end, marginals, pairMarginals);
  return { logZ, marginals, pairMarginals };
}

/** `viterbiPath` (unconstrained) on the native compute core when it is built, else in TypeScript (viterbiPath above). */
export function viterbiPathFast(emissions: Float32Array, T: number, K: number, scores: Float32ChainScores): number[] {
  const native = nativeKernels();
  if (!native || T === 0) return viterbiPath(emissions, T, K, scores);
  return Array.from(native.crfViterbi(T, K, emissions, scores.transitions, scores.start, scores.end));
}
