#include "network_parts.h"

#include <algorithm>
#include <cstring>

#include "crf.h"
#include "gemm.h"
#include "parallel.h"

namespace xlnlu {
namespace {

// A uniform [0,1) draw for element `index` of the stream `stream` (SplitMix64 of both): counter
// based, so a mask depends only on the stream and the position, whatever the thread or the order.
inline float uniformAt(uint64_t stream, uint64_t index) {
  uint64_t z = stream * 0x9E3779B97F4A7C15ull + index + 0x632BE59BD9B4E019ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  return static_cast<float>(z >> 40) * (1.0f / 16777216.0f);
}

}  // namespace

Floats dropoutScales(size_t n, float rate, double stream) {
  if (rate <= 0) return {};
  Floats scales(n);
  const float keep = 1.f / (1.f - rate);
  const uint64_t s = static_cast<uint64_t>(stream);
  for (size_t i = 0; i < n; i++) scales[i] = uniformAt(s, i) < rate ? 0.f : keep;
  return scales;
}

void scale(Floats& values, const Floats& scales) {
  for (size_t i = 0; i < scales.size(); i++) values[i] *= scales[i];
}

void gemmTransposedB(int M, int N, int K, const float* A, const float* B, float* C) {
  Floats bT(static_cast<size_t>(K) * N);
  transpose(N, K, B, bT.data());
  gemm(M, N, K, A, bT.data(), C, false);
}

void gemmTransposedA(int M, int N, int K, const float* A, const float* B, float* C) {
  Floats aT(static_cast<size_t>(M) * K);
  transpose(K, M, A, aT.data());
  gemm(M, N, K, aT.data(), B, C, false);
}

void columnSums(int rows, int columns, const float* values, float* sums) {
  std::fill(sums, sums + columns, 0.f);
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < columns; c++) sums[c] += values[static_cast<size_t>(r) * columns + c];
}

void dense(int rows, int in, int out, const float* x, const float* W, const float* b, float* y) {
  gemm(rows, out, in, x, W, y, false);
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < out; c++) y[static_cast<size_t>(r) * out + c] += b[c];
}

int nonZero(const int32_t* ids, int n) {
  int count = 0;
  for (int i = 0; i < n; i++) count += ids[i] != 0;
  return count;
}

void sumOfRows(const int32_t* ids, int n, const float* table, int width, float* out) {
  std::fill(out, out + width, 0.f);
  for (int i = 0; i < n; i++) {
    if (ids[i] == 0) continue;
    const float* row = table + static_cast<size_t>(ids[i]) * width;
    for (int j = 0; j < width; j++) out[j] += row[j];
  }
}

void meanOfRows(const int32_t* ids, int n, const float* table, int width, float* out) {
  sumOfRows(ids, n, table, width, out);
  const float divisor = static_cast<float>(std::max(nonZero(ids, n), 1));
  for (int j = 0; j < width; j++) out[j] /= divisor;
}

namespace {

// Each non-zero id's row of `gradient` gets from[width] · share.
void scatterScaled(const int32_t* ids, int n, const float* from, int width, float share, float* gradient) {
  for (int i = 0; i < n; i++) {
    if (ids[i] == 0) continue;
    float* row = gradient + static_cast<size_t>(ids[i]) * width;
    for (int j = 0; j < width; j++) row[j] += from[j] * share;
  }
}

}  // namespace

void scatterSum(const int32_t* ids, int n, const float* from, int width, float* gradient) {
  scatterScaled(ids, n, from, width, 1.f, gradient);
}

void scatterMean(const int32_t* ids, int n, const float* from, int width, float* gradient) {
  scatterScaled(ids, n, from, width, 1.f / static_cast<float>(std::max(nonZero(ids, n), 1)), gradient);
}

std::vector<int> sequenceLengths(int B, int T, const float* mask) {
  std::vector<int> lengths(B, 0);
  for (int b = 0; b < B; b++) {
    int length = 0;
    while (length < T && mask[b * T + length] > 0) length++;
    lengths[b] = length;
  }
  return lengths;
}

void constrainedScores(int K, const float* transitions, const float* start, const float* allowed,
                       const float* allowedStart, Floats& constrainedTransitions, Floats& constrainedStart) {
  constrainedTransitions.assign(transitions, transitions + static_cast<size_t>(K) * K);
  constrainedStart.assign(start, start + K);
  if (!allowed) return;
  // without branches: which transitions BIO forbids follows no pattern a branch predictor learns,
  // and the mispredictions were ~30 µs of a ~170 µs parse
  for (int k = 0; k < K * K; k++) constrainedTransitions[k] += allowed[k] == 0 ? kForbidden : 0.f;
  for (int k = 0; k < K; k++) constrainedStart[k] += allowedStart[k] == 0 ? kForbidden : 0.f;
}

double crfMeanLoss(int B, int T, int K, const float* emissions, const int32_t* tags, const std::vector<int>& lengths,
                   const float* transitions, const float* start, const float* end, float* dEmissions,
                   float* dTransitions, float* dStart, float* dEnd) {
  std::memset(dEmissions, 0, sizeof(float) * B * T * K);
  const CrfExpScores expScores(K, transitions, start, end);
  const double perSequence = 1.0 / B;
  // sequences in a fixed number of parts, each part's sums apart, added in part order: the same
  // result whatever the threads
  constexpr int kParts = 8;
  struct PartSums {
    double loss = 0;
    std::vector<double> transitions, start, end;
  };
  std::vector<PartSums> parts(kParts);
  parallelParts(kParts, [&](int part) {
    PartSums& sums = parts[part];
    sums.transitions.assign(static_cast<size_t>(K) * K, 0.0);
    sums.start.assign(K, 0.0);
    sums.end.assign(K, 0.0);
    std::vector<double> marginals(static_cast<size_t>(T) * K), pairMarginals(static_cast<size_t>(K) * K);
    for (int b = part; b < B; b += kParts) {
      const int L = lengths[b];
      if (L == 0) continue;
      const float* emit = &emissions[static_cast<size_t>(b) * T * K];
      const int32_t* path = tags + static_cast<size_t>(b) * T;
      const double logZ = crfForwardBackward(L, K, emit, expScores, marginals.data(), pairMarginals.data());
      // the gold path's score, in float32 as the TensorFlow.js path computes it
      float score = start[path[0]] + end[path[L - 1]];
      for (int t = 0; t < L; t++) score += emit[t * K + path[t]];
      for (int t = 1; t < L; t++) score += transitions[path[t - 1] * K + path[t]];
      sums.loss += logZ - score;
      float* dEmit = &dEmissions[static_cast<size_t>(b) * T * K];
      for (int t = 0; t < L; t++) {
        for (int k = 0; k < K; k++) dEmit[t * K + k] = static_cast<float>(marginals[t * K + k] * perSequence);
        dEmit[t * K + path[t]] -= static_cast<float>(perSequence);
      }
      for (int k = 0; k < K * K; k++) sums.transitions[k] += pairMarginals[k];
      for (int t = 1; t < L; t++) sums.transitions[path[t - 1] * K + path[t]] -= 1;
      for (int k = 0; k < K; k++) {
        sums.start[k] += marginals[k];
        sums.end[k] += marginals[static_cast<size_t>(L - 1) * K + k];
      }
      sums.start[path[0]] -= 1;
      sums.end[path[L - 1]] -= 1;
    }
  });
  double slotLoss = 0;
  std::vector<double> sumTransitions(static_cast<size_t>(K) * K, 0.0), sumStart(K, 0.0), sumEnd(K, 0.0);
  for (const PartSums& sums : parts) {
    slotLoss += sums.loss;
    for (int k = 0; k < K * K; k++) sumTransitions[k] += sums.transitions[k];
    for (int k = 0; k < K; k++) {
      sumStart[k] += sums.start[k];
      sumEnd[k] += sums.end[k];
    }
  }
  slotLoss *= perSequence;
  for (int k = 0; k < K * K; k++) dTransitions[k] = static_cast<float>(sumTransitions[k] * perSequence);
  for (int k = 0; k < K; k++) {
    dStart[k] = static_cast<float>(sumStart[k] * perSequence);
    dEnd[k] = static_cast<float>(sumEnd[k] * perSequence);
  }

  return slotLoss;
}

}  // namespace xlnlu
