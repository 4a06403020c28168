#pragma once
#include <cstddef>

namespace xlnlu {

// The fused bidirectional LSTM of libs/models (layers/bilstm-op.ts), with the same semantics:
// x [B,T,D], mask [B,T] (1 = token, 0 = padding after the tokens), kernel [2,D,4H],
// recurrent [2,H,4H], bias [2,4H]; direction 0 forward, 1 backward; gates in Keras order
// (input, forget, cell, output), sigmoid gates and tanh cell; y [B,T,2H] by position with the
// forward state then the backward state, zeros on padding. States are multiplied by the mask at
// every step, so no per-sequence reversal is needed.
struct BiLstmDims {
  int B, T, D, H;
};

// What the backward pass needs from the forward pass, per direction and step s (direction 1's
// step s is position T−1−s): activated gates [2,T,B,4H], the tanh of the cell before masking
// [2,T,B,H], and the masked cell and hidden states entering each step [2,T,B,H]. Views into one
// buffer of `biLstmCacheSize` floats that the caller owns (a JavaScript array, collected by V8
// like any other: native memory handed to finalizers is not freed while a training loop runs).
struct BiLstmCache {
  float *gates, *cellTanh, *cellIn, *hiddenIn;
};

size_t biLstmCacheSize(const BiLstmDims& dims);
BiLstmCache biLstmCacheIn(const BiLstmDims& dims, float* buffer);

void biLstmForward(const BiLstmDims& dims, const float* x, const float* mask, const float* kernel,
                   const float* recurrent, const float* bias, float* y, const BiLstmCache* cache);

// The same with the input projection x·kernel given as a row of 4H floats per direction and
// position: projectedRows[(direction·B + n)·T + p] (x and the kernel then unread). What the joint
// network's prediction reads from per-word tables in place instead of a product (joint_step.cc).
void biLstmForwardProjected(const BiLstmDims& dims, const float* x, const float* const* projectedRows,
                            const float* mask, const float* kernel, const float* recurrent, const float* bias, float* y,
                            const BiLstmCache* cache);

// dy [B,T,2H] → dx [B,T,D], dKernel [2,D,4H], dRecurrent [2,H,4H], dBias [2,4H] (overwritten).
void biLstmBackward(const BiLstmDims& dims, const float* x, const float* mask, const float* kernel,
                    const float* recurrent, const BiLstmCache& cache, const float* dy, float* dx, float* dKernel,
                    float* dRecurrent, float* dBias);

}  // namespace xlnlu
