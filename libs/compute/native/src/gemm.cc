#include "gemm.h"

#include <algorithm>
#include <cstring>

#include "vector16.h"

namespace xlnlu {
namespace {

// R rows × 32 columns of C: 2R accumulators of 16 floats.
template <int R>
void tile32(int K, const float* A, int lda, const float* B, int ldb, float* C, int ldc, bool accumulate) {
  v16 acc[R][2];
  for (int r = 0; r < R; r++) {
    if (accumulate) {
      acc[r][0] = load16(C + r * ldc);
      acc[r][1] = load16(C + r * ldc + 16);
    } else {
      acc[r][0] = v16{};
      acc[r][1] = v16{};
    }
  }
  for (int k = 0; k < K; k++) {
    const v16 b0 = load16(B + k * ldb);
    const v16 b1 = load16(B + k * ldb + 16);
    for (int r = 0; r < R; r++) {
      const float a = A[r * lda + k];
      acc[r][0] += a * b0;
      acc[r][1] += a * b1;
    }
  }
  for (int r = 0; r < R; r++) {
    store16(C + r * ldc, acc[r][0]);
    store16(C + r * ldc + 16, acc[r][1]);
  }
}

template <int R>
void tile16(int K, const float* A, int lda, const float* B, int ldb, float* C, int ldc, bool accumulate) {
  v16 acc[R];
  for (int r = 0; r < R; r++) acc[r] = accumulate ? load16(C + r * ldc) : v16{};
  for (int k = 0; k < K; k++) {
    const v16 b0 = load16(B + k * ldb);
    for (int r = 0; r < R; r++) acc[r] += A[r * lda + k] * b0;
  }
  for (int r = 0; r < R; r++) store16(C + r * ldc, acc[r]);
}

// R rows × `width` < 16 columns (the last of a width that is not a multiple of 16: 111 tags, 60
// intents): B's and C's partial rows through zero-padded vectors. The scalar loop it replaces
// was ~10× slower per column, and copying B to a padded width cost more than the product when
// parsing one utterance.
template <int R>
void tileTail(int K, int width, const float* A, int lda, const float* B, int ldb, float* C, int ldc, bool accumulate) {
  float padded[16] = {};
  v16 acc[R];
  for (int r = 0; r < R; r++) {
    if (accumulate) std::memcpy(padded, C + r * ldc, sizeof(float) * width);
    acc[r] = accumulate ? load16(padded) : v16{};
  }
  std::fill(padded, padded + 16, 0.f);
  for (int k = 0; k < K; k++) {
    std::memcpy(padded, B + k * ldb, sizeof(float) * width);
    const v16 b0 = load16(padded);
    for (int r = 0; r < R; r++) acc[r] += A[r * lda + k] * b0;
  }
  for (int r = 0; r < R; r++) {
    store16(padded, acc[r]);
    std::memcpy(C + r * ldc, padded, sizeof(float) * width);
  }
}

// R rows × 16·V columns of C with R·V accumulators: for products of one or two rows (one
// utterance's recurrent step when parsing), where tile32's two accumulators per row wait on each
// other (each k's sum needs the last) and a step took ~3× its arithmetic.
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
void rows(int N, int K, const float* A, const float* B, float* C, bool accumulate) {
  int j = 0;
  if (R <= 2)
    for (; j + 128 <= N; j += 128) tileWide<R, 8>(K, A, K, B + j, N, C + j, N, accumulate);
  for (; j + 32 <= N; j += 32) tile32<R>(K, A, K, B + j, N, C + j, N, accumulate);
  for (; j + 16 <= N; j += 16) tile16<R>(K, A, K, B + j, N, C + j, N, accumulate);
  if (j < N) tileTail<R>(K, N - j, A, K, B + j, N, C + j, N, accumulate);
}

}  // namespace

void gemm(int M, int N, int K, const float* A, const float* B, float* C, bool accumulate) {
  // B panels of K × 32 floats stay in L1/L2 while row blocks of 6 pass over them
  int i = 0;
  for (; i + 6 <= M; i += 6) rows<6>(N, K, A + i * K, B, C + i * N, accumulate);
  switch (M - i) {
    case 5: rows<5>(N, K, A + i * K, B, C + i * N, accumulate); break;
    case 4: rows<4>(N, K, A + i * K, B, C + i * N, accumulate); break;
    case 3: rows<3>(N, K, A + i * K, B, C + i * N, accumulate); break;
    case 2: rows<2>(N, K, A + i * K, B, C + i * N, accumulate); break;
    case 1: rows<1>(N, K, A + i * K, B, C + i * N, accumulate); break;
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
