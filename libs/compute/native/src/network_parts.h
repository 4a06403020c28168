#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

// Pieces the native networks share (joint_step.cc, ner_step.cc): dropout masks, dense layers and
// their products, and the CRF's mean loss with its gradients.
namespace xlnlu {

using Floats = std::vector<float>;

// Added to a forbidden transition, as the CRF layer does (libs/models/src/layers/crf.ts FORBIDDEN).
constexpr float kForbidden = -1e4f;

// Inverted dropout's multipliers: 0 with probability `rate`, else 1 / (1 − rate), drawn from a
// counter-based generator of (stream, element); none (an empty vector: every multiplier 1) without
// dropout.
Floats dropoutScales(size_t n, float rate, double stream);

// values *= scales, element by element (nothing for no scales).
void scale(Floats& values, const Floats& scales);

// C[M,N] = A[M,K] · B[N,K]ᵀ
void gemmTransposedB(int M, int N, int K, const float* A, const float* B, float* C);
// C[M,N] = A[K,M]ᵀ · B[K,N]
void gemmTransposedA(int M, int N, int K, const float* A, const float* B, float* C);
void columnSums(int rows, int columns, const float* values, float* sums);
// y[rows,out] = x[rows,in] · W[in,out] + b
void dense(int rows, int in, int out, const float* x, const float* W, const float* b, float* y);
// Count of non-zero ids among `n`.
int nonZero(const int32_t* ids, int n);

// A network's gradient arrays by weight slot: the caller's (zeroed) where it asked for one, else
// scratch zeros where the slot has a size and is not `fixed` (a frozen weight's gradient is not
// kept, but the chain rule needs most of them on its way to the others).
struct GradientSlots {
  std::vector<Floats> scratch;
  std::vector<float*> slots;
  float* operator[](int slot) const { return slots[slot]; }
};

template <typename SizeOf>
GradientSlots gradientSlots(int count, float* const* wanted, SizeOf sizeOf, int fixed = -1) {
  GradientSlots g;
  g.scratch.reserve(count);
  g.slots.assign(count, nullptr);
  for (int k = 0; k < count; k++) {
    const size_t size = sizeOf(k);
    if (wanted[k]) {
      g.slots[k] = wanted[k];
      std::fill(wanted[k], wanted[k] + size, 0.f);
    } else if (k != fixed && size > 0) {
      g.slots[k] = g.scratch.emplace_back(size).data();
    }
  }
  return g;
}

// out[width] = the mean of the table rows of the non-zero ids among `n` (an embedding bag: a word's
// char bigrams, an utterance's n-grams), zeros when there are none, as MaskedMean computes it.
void meanOfRows(const int32_t* ids, int n, const float* table, int width, float* out);

// The gradient of meanOfRows: each non-zero id's row of `gradient` gets from[width] / their count.
void scatterMean(const int32_t* ids, int n, const float* from, int width, float* gradient);

// out[width] = the sum of the table rows of the non-zero ids among `n` (MaskedSum), and its gradient:
// each non-zero id's row of `gradient` gets from[width].
void sumOfRows(const int32_t* ids, int n, const float* table, int width, float* out);
void scatterSum(const int32_t* ids, int n, const float* from, int width, float* gradient);

// Each sequence's length: its leading run of mask > 0.
std::vector<int> sequenceLengths(int B, int T, const float* mask);

// Transitions and start scores with a CRF's constraints applied (allowed 0 → lowered by kForbidden).
void constrainedScores(int K, const float* transitions, const float* start, const float* allowed,
                       const float* allowedStart, Floats& constrainedTransitions, Floats& constrainedStart);

// The mean CRF negative log-likelihood of B sequences (emissions [B,T,K], gold tags [B,T]) under the
// given (constrained) scores; overwrites dEmissions [B,T,K] (0 on padding) and the mean gradients of
// the transitions [K,K], start and end [K]. Sequences run on the core's threads, their sums added in
// a fixed order (the same result whatever the threads).
double crfMeanLoss(int B, int T, int K, const float* emissions, const int32_t* tags, const std::vector<int>& lengths,
                   const float* transitions, const float* start, const float* end, float* dEmissions,
                   float* dTransitions, float* dStart, float* dEnd);

}  // namespace xlnlu
