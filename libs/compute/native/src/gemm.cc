#include "gemm.h"

#include <cstring>
#include <vector>

namespace xlnlu {
namespace {

typedef float v16 __attribute__((vector_size(64), aligned(4)));

inline v16 load16(const float* p) {
  v16 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store16(float* p, v16 v) { std::memcpy(p, &v, sizeof v); }

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

template <int R>
void tileScalar(int K, int width, const float* A, int lda, const float* B, int ldb, float* C, int ldc,
                bool accumulate) {
  for (int r = 0; r < R; r++) {
    for (int j = 0; j < width; j++) {
      float sum = accumulate ? C[r * ldc + j] : 0.f;
      for (int k = 0; k < K; k++) sum += A[r * lda + k] * B[k * ldb + j];
      C[r * ldc + j] = sum;
    }
  }
}

template <int R>
void rows(int N, int K, const float* A, const float* B, float* C, bool accumulate) {
  int j = 0;
  for (; j + 32 <= N; j += 32) tile32<R>(K, A, K, B + j, N, C + j, N, accumulate);
  for (; j + 16 <= N; j += 16) tile16<R>(K, A, K, B + j, N, C + j, N, accumulate);
  if (j < N) tileScalar<R>(K, N - j, A, K, B + j, N, C + j, N, accumulate);
}

}  // namespace

void gemm(int M, int N, int K, const float* A, const float* B, float* C, bool accumulate) {
  // a width that is not a multiple of 16 (111 tags, 60 intents) leaves columns to the scalar tile,
  // ~10× slower per column: compute on B and C padded with zero columns to the next multiple of 16
  const int padded = (N + 15) / 16 * 16;
  if (padded != N && N >= 16) {
    std::vector<float> paddedB(static_cast<size_t>(K) * padded, 0.f), paddedC(static_cast<size_t>(M) * padded);
    for (int k = 0; k < K; k++)
      std::memcpy(&paddedB[static_cast<size_t>(k) * padded], B + static_cast<size_t>(k) * N, sizeof(float) * N);
    if (accumulate)
      for (int i = 0; i < M; i++)
        std::memcpy(&paddedC[static_cast<size_t>(i) * padded], C + static_cast<size_t>(i) * N, sizeof(float) * N);
    gemm(M, padded, K, A, paddedB.data(), paddedC.data(), accumulate);
    for (int i = 0; i < M; i++)
      std::memcpy(C + static_cast<size_t>(i) * N, &paddedC[static_cast<size_t>(i) * padded], sizeof(float) * N);
    return;
  }
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
