#include "crf.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "vector16.h"

namespace xlnlu {

CrfExpScores::CrfExpScores(int K, const float* transitions, const float* start, const float* end)
    : transitions(static_cast<size_t>(K) * K), transposed(static_cast<size_t>(K) * K), start(K), end(K) {
  for (int k = 0; k < K * K; k++) this->transitions[k] = std::exp(static_cast<double>(transitions[k]));
  for (int i = 0; i < K; i++)
    for (int j = 0; j < K; j++)
      transposed[static_cast<size_t>(j) * K + i] = this->transitions[static_cast<size_t>(i) * K + j];
  for (int k = 0; k < K; k++) {
    this->start[k] = std::exp(static_cast<double>(start[k]));
    this->end[k] = std::exp(static_cast<double>(end[k]));
  }
}

double crfForwardBackward(int T, int K, const float* emissions, const float* transitions, const float* start,
                          const float* end, double* marginals, double* pairMarginals) {
  return crfForwardBackward(T, K, emissions, CrfExpScores(K, transitions, start, end), marginals, pairMarginals);
}

double crfForwardBackward(int T, int K, const float* emissions, const CrfExpScores& scores, double* marginals,
                          double* pairMarginals) {
  const std::vector<double>& transitionExp = scores.transitions;
  const std::vector<double>& endExp = scores.end;
  std::vector<double> emitExp(static_cast<size_t>(T) * K);
  std::vector<double> alpha(static_cast<size_t>(T) * K, 0.0), beta(static_cast<size_t>(T) * K, 0.0);
  std::vector<double> scale(T), next(K);
  // emissions are shifted by their maximum per position; the shifts go back into log Z
  double logZ = 0;
  for (int t = 0; t < T; t++) {
    double max = -std::numeric_limits<double>::infinity();
    for (int k = 0; k < K; k++) max = std::fmax(max, emissions[t * K + k]);
    for (int k = 0; k < K; k++) emitExp[t * K + k] = std::exp(emissions[t * K + k] - max);
    logZ += max;
  }
  auto normalise = [&](int t) {
    double sum = 0;
    for (int k = 0; k < K; k++) sum += alpha[t * K + k];
    scale[t] = sum;
    for (int k = 0; k < K; k++) alpha[t * K + k] /= sum;
    logZ += std::log(sum);
  };
  for (int k = 0; k < K; k++) alpha[k] = scores.start[k] * emitExp[k];
  normalise(0);
  for (int t = 1; t < T; t++) {
    double* row = &alpha[static_cast<size_t>(t) * K];
    for (int i = 0; i < K; i++) {
      const double from = alpha[(t - 1) * K + i];
      if (from == 0) continue;
      const double* tr = &transitionExp[static_cast<size_t>(i) * K];
      for (int j = 0; j < K; j++) row[j] += from * tr[j];
    }
    for (int j = 0; j < K; j++) row[j] *= emitExp[t * K + j];
    normalise(t);
  }
  double endSum = 0;
  for (int k = 0; k < K; k++) endSum += alpha[(T - 1) * K + k] * endExp[k];
  logZ += std::log(endSum);
  for (int k = 0; k < K; k++) beta[(T - 1) * K + k] = endExp[k] / endSum;
  // β_t = E·next and the pairwise marginals E ⊙ Σ_t α_t next_tᵀ, both as loops over contiguous rows
  // with no reduction in the inner loop, so they vectorise (E: the transitions' exponentials)
  std::vector<double> outer(static_cast<size_t>(K) * K, 0.0);
  for (int t = T - 2; t >= 0; t--) {
    for (int j = 0; j < K; j++) next[j] = emitExp[(t + 1) * K + j] * beta[(t + 1) * K + j] / scale[t + 1];
    double* b = &beta[static_cast<size_t>(t) * K];
    for (int j = 0; j < K; j++) {
      const double nj = next[j];
      if (nj == 0) continue;
      const double* column = &scores.transposed[static_cast<size_t>(j) * K];
      for (int i = 0; i < K; i++) b[i] += column[i] * nj;
    }
    for (int i = 0; i < K; i++) {
      const double from = alpha[t * K + i];
      if (from == 0) continue;
      double* o = &outer[static_cast<size_t>(i) * K];
      for (int j = 0; j < K; j++) o[j] += from * next[j];
    }
  }
  for (int k = 0; k < K * K; k++) pairMarginals[k] = transitionExp[k] * outer[k];
  for (int k = 0; k < T * K; k++) marginals[k] = alpha[k] * beta[k];
  return logZ;
}

namespace {

// Viterbi with a mask of allowed transitions and starts, in double (the unconstrained one below is
// float32 over padded vectors). i outer, j inner: the inner loop runs over contiguous rows of the
// transitions, so it vectorises. Ties keep the smallest i, as the JavaScript reference does
// (strict >, i ascending).
void constrainedViterbi(int T, int K, const float* emissions, const float* transitions, const float* start,
                        const float* end, const float* allowed, const float* allowedStart, int* path) {
  const double minusInfinity = -std::numeric_limits<double>::infinity();
  std::vector<double> score(static_cast<size_t>(T) * K), best(K);
  std::vector<int> back(static_cast<size_t>(T) * K, 0);
  for (int k = 0; k < K; k++)
    score[k] = allowedStart && !allowedStart[k] ? minusInfinity : static_cast<double>(start[k]) + emissions[k];
  for (int t = 1; t < T; t++) {
    std::fill(best.begin(), best.end(), minusInfinity);
    int* arg = &back[static_cast<size_t>(t) * K];
    const double* previous = &score[static_cast<size_t>(t - 1) * K];
    double* b = best.data();
    for (int i = 0; i < K; i++) {
      const double from = previous[i];
      const float* tr = transitions + static_cast<size_t>(i) * K;
      if (allowed) {
        const float* ok = allowed + static_cast<size_t>(i) * K;
        for (int j = 0; j < K; j++) {
          const double candidate = from + tr[j];
          const bool better = candidate > b[j] && ok[j] != 0;
          b[j] = better ? candidate : b[j];
          arg[j] = better ? i : arg[j];
        }
      } else {
        for (int j = 0; j < K; j++) {
          const double candidate = from + tr[j];
          const bool better = candidate > b[j];
          b[j] = better ? candidate : b[j];
          arg[j] = better ? i : arg[j];
        }
      }
    }
    for (int j = 0; j < K; j++) score[t * K + j] = best[j] + emissions[t * K + j];
  }
  int last = 0;
  for (int k = 1; k < K; k++)
    if (score[(T - 1) * K + k] + end[k] > score[(T - 1) * K + last] + end[last]) last = k;
  path[T - 1] = last;
  for (int t = T - 1; t > 0; t--) path[t - 1] = back[t * K + path[t]];
}

// One step of the padded Viterbi for N vectors of tags from `first`: best[j] = max over i of
// previous[i] + transitions[i][j], the first such i in arg[j]. The N chains of compare-and-select
// are independent, so they overlap in the pipeline (one alone waits on its own latency).
template <int N>
void viterbiColumns(int K, int paddedK, int first, const float* previous, const float* transitions, float* best,
                    int* arg) {
  v16 top[N];
  vi16 from[N];
  for (int c = 0; c < N; c++) {
    top[c] = v16{} - std::numeric_limits<float>::infinity();
    from[c] = vi16{};
  }
  for (int i = 0; i < K; i++) {
    const float score = previous[i];
    const float* row = transitions + static_cast<size_t>(i) * paddedK + first;
    for (int c = 0; c < N; c++) {
      const v16 candidate = score + load16(row + 16 * c);
      const vi16 better = candidate > top[c];
      top[c] = better ? candidate : top[c];
      from[c] = better ? vi16{} + i : from[c];
    }
  }
  std::memcpy(best + first, top, sizeof top);
  std::memcpy(arg + first, from, sizeof from);
}

}  // namespace

CrfViterbiScores::CrfViterbiScores(int K, const float* transitions, const float* start, const float* end)
    : K(K),
      paddedK((K + 15) / 16 * 16),
      transitions(static_cast<size_t>(K) * paddedK, -std::numeric_limits<float>::infinity()),
      start(start),
      end(end) {
  for (int i = 0; i < K; i++)
    std::memcpy(&this->transitions[static_cast<size_t>(i) * paddedK], transitions + static_cast<size_t>(i) * K,
                sizeof(float) * K);
}

void crfViterbi(int T, const float* emissions, const CrfViterbiScores& scores, int* path) {
  if (T == 0) return;
  const int K = scores.K, P = scores.paddedK;
  std::vector<float> score(static_cast<size_t>(T) * P), best(P);
  std::vector<int> back(static_cast<size_t>(T) * P, 0);
  for (int k = 0; k < K; k++) score[k] = scores.start[k] + emissions[k];
  for (int t = 1; t < T; t++) {
    const float* previous = &score[static_cast<size_t>(t - 1) * P];
    int* arg = &back[static_cast<size_t>(t) * P];
    // up to 8 vectors of tags at a time, held in registers
    for (int first = 0; first < P; first += 8 * 16) {
      switch (std::min(8, (P - first) / 16)) {
        case 1: viterbiColumns<1>(K, P, first, previous, scores.transitions.data(), best.data(), arg); break;
        case 2: viterbiColumns<2>(K, P, first, previous, scores.transitions.data(), best.data(), arg); break;
        case 3: viterbiColumns<3>(K, P, first, previous, scores.transitions.data(), best.data(), arg); break;
        case 4: viterbiColumns<4>(K, P, first, previous, scores.transitions.data(), best.data(), arg); break;
        case 5: viterbiColumns<5>(K, P, first, previous, scores.transitions.data(), best.data(), arg); break;
        case 6: viterbiColumns<6>(K, P, first, previous, scores.transitions.data(), best.data(), arg); break;
        case 7: viterbiColumns<7>(K, P, first, previous, scores.transitions.data(), best.data(), arg); break;
        default: viterbiColumns<8>(K, P, first, previous, scores.transitions.data(), best.data(), arg); break;
      }
    }
    for (int j = 0; j < K; j++)
      score[static_cast<size_t>(t) * P + j] = best[j] + emissions[static_cast<size_t>(t) * K + j];
  }
  const float* last = &score[static_cast<size_t>(T - 1) * P];
  int top = 0;
  for (int k = 1; k < K; k++)
    if (last[k] + scores.end[k] > last[top] + scores.end[top]) top = k;
  path[T - 1] = top;
  for (int t = T - 1; t > 0; t--) path[t - 1] = back[static_cast<size_t>(t) * P + path[t]];
}

void crfViterbi(int T, int K, const float* emissions, const float* transitions, const float* start, const float* end,
                const float* allowed, const float* allowedStart, int* path) {
  if (T == 0) return;
  if (!allowed && !allowedStart) return crfViterbi(T, emissions, CrfViterbiScores(K, transitions, start, end), path);
  constrainedViterbi(T, K, emissions, transitions, start, end, allowed, allowedStart, path);
}

}  // namespace xlnlu
