#pragma once

namespace xlnlu {

// The linear-chain CRF kernels of libs/models (crf/forward-backward.ts), same semantics, in double
// precision: one sequence of T emission vectors over K tags, transitions[from·K + to].

// Scaled forward–backward: returns log Z; writes node marginals [T,K] and the pairwise marginals
// summed over positions [K,K] (both overwritten).
double crfForwardBackward(int T, int K, const float* emissions, const float* transitions, const float* start,
                          const float* end, double* marginals, double* pairMarginals);

// Highest-scoring path; allowed [K,K] / allowedStart [K] (0 forbids) may be null.
void crfViterbi(int T, int K, const float* emissions, const float* transitions, const float* start, const float* end,
                const float* allowed, const float* allowedStart, int* path);

}  // namespace xlnlu
