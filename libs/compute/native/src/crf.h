#pragma once

#include <vector>

namespace xlnlu {

// The linear-chain CRF kernels of libs/models (crf/forward-backward.ts), same semantics, in double
// precision: one sequence of T emission vectors over K tags, transitions[from·K + to].

// Scaled forward–backward: returns log Z; writes node marginals [T,K] and the pairwise marginals
// summed over positions [K,K] (both overwritten).
double crfForwardBackward(int T, int K, const float* emissions, const float* transitions, const float* start,
                          const float* end, double* marginals, double* pairMarginals);

// The exponentials of a CRF's scores, computed once for every sequence of a batch.
struct CrfExpScores {
  CrfExpScores(int K, const float* transitions, const float* start, const float* end);
  std::vector<double> transitions, transposed, start, end;
};

// The same with the scores' exponentials given.
double crfForwardBackward(int T, int K, const float* emissions, const CrfExpScores& scores, double* marginals,
                          double* pairMarginals);

// A CRF's scores laid out for the unconstrained Viterbi of many sequences: the transitions with
// their rows padded to whole vectors of 16 (−∞ in the padding), made once per batch.
struct CrfViterbiScores {
  CrfViterbiScores(int K, const float* transitions, const float* start, const float* end);
  int K, paddedK;
  std::vector<float> transitions;  // [K, paddedK]
  const float *start, *end;
};

// The highest-scoring path of one sequence, in float32; what crfViterbi finds without constraints
// (the same comparisons in the same order: the same path, ties to the lower tag).
void crfViterbi(int T, const float* emissions, const CrfViterbiScores& scores, int* path);

// Highest-scoring path; allowed [K,K] / allowedStart [K] (0 forbids) may be null. Without them the
// path is found in float32 (the scores' precision), with them in double.
void crfViterbi(int T, int K, const float* emissions, const float* transitions, const float* start, const float* end,
                const float* allowed, const float* allowedStart, int* path);

}  // namespace xlnlu
