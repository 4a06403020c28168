#include "gemm.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "vector16.h"

namespace xlnlu {
namespace {

// R rows × `width` < 16 columns (the last of a width that is not a multiple of 16: 111 tags, 60
// intents), from B's last columns copied once per product into a zero-padded K × 16 panel; C's
// partial rows through a padded vector. A scalar loop was ~10× slower per column; copying B's
// partial rows inside the k loop, once per row block, was ~6 % of evaluation (README, Performance).
template <int R>
void tileTail(int K, int width, const float* A, int lda, const float* panel, float* C, int ldc, bool accumulate) {
  float padded[16] = {};
  v16 acc[R];
  for (int r = 0; r < R; r++) {
    if (accumulate) std::memcpy(padded, C + r * ldc, sizeof(float) * width);
    acc[r] = accumulate ? load16(padded) : v16{};
  }
  for (int k = 0; k < K; k++) {
    const v16 b0 = load16(panel + 16 * k);
    for (int r = 0; r < R; r++) acc[r] += A[r * lda + k] * b0;
  }
  for (int r = 0; r < R; r++) {
    store16(padded, acc[r]);
    std::memcpy(C + r * ldc, padded, sizeof(float) * width);
  }
}

// R rows × 16·V columns of C with R·V accumulators, each summed over k in order (so the tile's
// shape never changes a result). Six rows × 64 columns (24 accumulators of AVX-512's 32
// registers) for a batch's products: one broadcast of A per four products where 6 × 32 had one
// per two, 15–25 % more FLOP/s on the LSTM's shapes (the recurrent [128 × 128]·[128 × 512]: ~70
// → ~85 GFLOP/s on one core of the bench machine). One or two rows × 128 columns when parsing,
// where 2 accumulators per row wait on each other (each k's sum needs the last) and a step took
// ~3× its arithmetic.
template <int R, int V>
void tileWide(int K, const float* A, int lda, const float* B, int ldb, float* C, int ldc, bool accumulate) {
  v16 acc[R][V];
  for (int r = 0; r < R; r++)
    for (int v = 0; v < V; v++) acc[r][v] = accumulate ? load16(C + r * ldc + 16 * v) : v16{};
  for (int k = 0; k < K; k++) {
    v16 b[V];
    for (int v = 0; v < V; v++) b[v] = load16(B + k * ldb + 16 * v);
    for (int r = 0; r < R; r++) {
      const float a = A[r * lda + k];
      for (int v = 0; v < V; v++) acc[r][v] += a * b[v];
    }
  }
  for (int r = 0; r < R; r++)
    for (int v = 0; v < V; v++) store16(C + r * ldc + 16 * v, acc[r][v]);
}

template <int R>
void rows(int N, int K, const float* A, const float* B, const float* tailPanel, float* C, bool accumulate) {
  int j = 0;
  if (R <= 2)
    for (; j + 128 <= N; j += 128) tileWide<R, 8>(K, A, K, B + j, N, C + j, N, accumulate);
  for (; j + 64 <= N; j += 64) tileWide<R, 4>(K, A, K, B + j, N, C + j, N, accumulate);
  for (; j + 32 <= N; j += 32) tileWide<R, 2>(K, A, K, B + j, N, C + j, N, accumulate);
  for (; j + 16 <= N; j += 16) tileWide<R, 1>(K, A, K, B + j, N, C + j, N, accumulate);
  if (j < N) tileTail<R>(K, N - j, A, K, tailPanel, C + j, N, accumulate);
}

}  // namespace

void gemm(int M, int N, int K, const float* A, const float* B, float* C, bool accumulate) {
  // B panels of K × 64 floats stay in L1/L2 while row blocks of 6 pass over them
  const int tail = N % 16;
  std::vector<float> tailPanel(tail ? static_cast<size_t>(K) * 16 : 0, 0.f);
  for (int k = 0; tail && k < K; k++) std::memcpy(&tailPanel[16 * k], B + k * N + N - tail, sizeof(float) * tail);
  const float* panel = tailPanel.data();
  int i = 0;
  for (; i + 6 <= M; i += 6) rows<6>(N, K, A + i * K, B, panel, C + i * N, accumulate);
  switch (M - i) {
    case 5: rows<5>(N, K, A + i * K, B, panel, C + i * N, accumulate); break;
    case 4: rows<4>(N, K, A + i * K, B, panel, C + i * N, accumulate); break;
    case 3: rows<3>(N, K, A + i * K, B, panel, C + i * N, accumulate); break;
    case 2: rows<2>(N, K, A + i * K, B, panel, C + i * N, accumulate); break;
    case 1: rows<1>(N, K, A + i * K, B, panel, C + i * N, accumulate); break;
    default: break;
  }
}

void transpose(int M, int N, const float* in, float* out) {
  constexpr int block = 16;
  for (int i0 = 0; i0 < M; i0 += block)
    for (int j0 = 0; j0 < N; j0 += block)
      for (int i = i0; i < i0 + block && i < M; i++)
        for (int j = j0; j < j0 + block && j < N; j++) out[j * M + i] = in[i * N + j];
}

}  // namespace xlnlu
