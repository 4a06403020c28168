#pragma once
#include <cstddef>

namespace xlnlu {

// C[M,N] (=|+=) A[M,K] · B[K,N], all row-major and contiguous. Register-blocked so that the
// compiler's vector code (built with -march=native) keeps a tile of C in registers while it
// streams a panel of B: the LSTM's products are small (M ≤ a few hundred), too small for the
// blocking schemes of a full BLAS to pay off, too large for a naive triple loop.
void gemm(int M, int N, int K, const float* A, const float* B, float* C, bool accumulate);

// out[N,M] = in[M,N]ᵀ
void transpose(int M, int N, const float* in, float* out);

}  // namespace xlnlu
