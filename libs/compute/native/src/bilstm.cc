#include "bilstm.h"

#include <cmath>
#include <cstring>
#include <vector>

#include "activations.h"
#include "gemm.h"
#include "parallel.h"

namespace xlnlu {
namespace {

inline int positionOf(int direction, int step, int T) { return direction == 0 ? step : T - 1 - step; }

// Whether a direction's work pays for a second thread: ~10 µs of products per direction for one
// parsed utterance against ~40 µs to start a thread.
inline bool worthThreads(const BiLstmDims& d) { return static_cast<double>(d.B) * d.T * 4 * d.H * (d.D + d.H) > 2e6; }

}  // namespace

size_t biLstmCacheSize(const BiLstmDims& dims) { return static_cast<size_t>(2) * dims.T * dims.B * dims.H * 7; }

BiLstmCache biLstmCacheIn(const BiLstmDims& dims, float* buffer) {
  const size_t states = static_cast<size_t>(2) * dims.T * dims.B * dims.H;
  return {buffer, buffer + 4 * states, buffer + 5 * states, buffer + 6 * states};
}

void biLstmForward(const BiLstmDims& dims, const float* x, const float* mask, const float* kernel,
                   const float* recurrent, const float* bias, float* y, const BiLstmCache* cache) {
  biLstmForwardProjected(dims, x, nullptr, mask, kernel, recurrent, bias, y, cache);
}

void biLstmForwardProjected(const BiLstmDims& dims, const float* x, const float* const* projectedRows,
                            const float* mask, const float* kernel, const float* recurrent, const float* bias, float* y,
                            const BiLstmCache* cache) {
  const int B = dims.B, T = dims.T, D = dims.D, H = dims.H, G = 4 * H;
  // the two directions share nothing but their inputs: one thread each where there are two
  parallelParts(
      2,
      [&](int d) {
        std::vector<float> own;
        const float* const* rows = projectedRows ? projectedRows + static_cast<size_t>(d) * B * T : nullptr;
        if (!rows) {
          // input projection for every position at once: [B·T, D] · [D, 4H]
          own.resize(static_cast<size_t>(B) * T * G);
          gemm(B * T, G, D, x, kernel + static_cast<size_t>(d) * D * G, own.data(), false);
        }
        std::vector<float> z(static_cast<size_t>(B) * G);
        std::vector<float> h(static_cast<size_t>(B) * H, 0.f), c(static_cast<size_t>(B) * H, 0.f);
        // a step's product runs over the sequences whose position is not padding (their rows of h
        // gathered): padding was ~10 % of the rows of a length-sorted evaluation, and a padded
        // position's state and output are zero whatever its product (the update multiplies by the mask)
        std::vector<int> active(B);
        std::vector<float> hActive(static_cast<size_t>(B) * H);
        const float* U = recurrent + static_cast<size_t>(d) * H * G;
        const float* b = bias + static_cast<size_t>(d) * G;
        for (int s = 0; s < T; s++) {
          const int p = positionOf(d, s, T);
          const size_t at = (static_cast<size_t>(d) * T + s) * B;
          if (cache) {
            std::memcpy(cache->cellIn + at * H, c.data(), sizeof(float) * B * H);
            std::memcpy(cache->hiddenIn + at * H, h.data(), sizeof(float) * B * H);
          }
          int count = 0;
          for (int n = 0; n < B; n++) {
            if (mask[n * T + p] != 0) {
              active[count++] = n;
              continue;
            }
            std::fill_n(&h[static_cast<size_t>(n) * H], H, 0.f);
            std::fill_n(&c[static_cast<size_t>(n) * H], H, 0.f);
            std::fill_n(y + (static_cast<size_t>(n) * T + p) * 2 * H + d * H, H, 0.f);
            if (cache) {
              std::fill_n(cache->gates + (at + n) * G, G, 0.f);
              std::fill_n(cache->cellTanh + (at + n) * H, H, 0.f);
            }
          }
          const float* hIn = h.data();
          if (count < B) {
            for (int i = 0; i < count; i++)
              std::memcpy(&hActive[static_cast<size_t>(i) * H], &h[static_cast<size_t>(active[i]) * H],
                          sizeof(float) * H);
            hIn = hActive.data();
          }
          gemm(count, G, H, hIn, U, z.data(), false);
          for (int i = 0; i < count; i++) {
            const int n = active[i];
            const size_t position = static_cast<size_t>(n) * T + p;
            const float* in = rows ? rows[position] : &own[position * G];
            float* zn = &z[static_cast<size_t>(i) * G];
            for (int k = 0; k < G; k++) zn[k] += in[k] + b[k];
            sigmoidInPlace(zn, 2 * H);      // input, forget
            tanhInPlace(zn + 2 * H, H);     // cell
            sigmoidInPlace(zn + 3 * H, H);  // output
            float* hn = &h[static_cast<size_t>(n) * H];
            float* cn = &c[static_cast<size_t>(n) * H];
            for (int k = 0; k < H; k++) cn[k] = zn[H + k] * cn[k] + zn[k] * zn[2 * H + k];  // the cell before masking
            std::memcpy(hn, cn, sizeof(float) * H);
            tanhInPlace(hn, H);
            const float m = mask[n * T + p];
            float* out = y + position * 2 * H + d * H;
            if (cache) {
              std::memcpy(cache->gates + (at + n) * G, zn, sizeof(float) * G);
              std::memcpy(cache->cellTanh + (at + n) * H, hn, sizeof(float) * H);
            }
            for (int k = 0; k < H; k++) {
              hn[k] = zn[3 * H + k] * hn[k] * m;
              cn[k] *= m;
              out[k] = hn[k];
            }
          }
        }
      },
      worthThreads(dims));
}

void biLstmBackward(const BiLstmDims& dims, const float* x, const float* mask, const float* kernel,
                    const float* recurrent, const BiLstmCache& cache, const float* dy, float* dx, float* dKernel,
                    float* dRecurrent, float* dBias) {
  const int B = dims.B, T = dims.T, D = dims.D, H = dims.H, G = 4 * H;
  const int rows = B * T;
  std::vector<float> xT(static_cast<size_t>(D) * rows);
  transpose(rows, D, x, xT.data());
  // each direction's input gradient apart, summed after in a fixed order (the same whatever the threads)
  std::vector<float> dxBackward(static_cast<size_t>(rows) * D);
  parallelParts(
      2,
      [&](int d) {
        std::vector<float> dz(static_cast<size_t>(rows) * G);  // by position, like x
        std::vector<float> hiddenByPosition(static_cast<size_t>(rows) * H);
        std::vector<float> dh(static_cast<size_t>(B) * H, 0.f), dc(static_cast<size_t>(B) * H, 0.f);
        std::vector<float> dzStep(static_cast<size_t>(B) * G);
        std::vector<float> recurrentT(static_cast<size_t>(G) * H), kernelT(static_cast<size_t>(G) * D);
        std::vector<float> hiddenT(static_cast<size_t>(H) * rows);
        transpose(H, G, recurrent + static_cast<size_t>(d) * H * G, recurrentT.data());
        for (int s = T - 1; s >= 0; s--) {
          const int p = positionOf(d, s, T);
          const size_t at = (static_cast<size_t>(d) * T + s) * B;
          for (int n = 0; n < B; n++) {
            const float m = mask[n * T + p];
            const float* gates = &cache.gates[(at + n) * G];
            const float* ct = &cache.cellTanh[(at + n) * H];
            const float* cPrevious = &cache.cellIn[(at + n) * H];
            const float* dyn = dy + (static_cast<size_t>(n) * T + p) * 2 * H + d * H;
            float* dhn = &dh[static_cast<size_t>(n) * H];
            float* dcn = &dc[static_cast<size_t>(n) * H];
            float* dzn = &dzStep[static_cast<size_t>(n) * G];
            for (int k = 0; k < H; k++) {
              const float i = gates[k], f = gates[H + k], g = gates[2 * H + k], o = gates[3 * H + k];
              const float dhMasked = (dhn[k] + dyn[k]) * m;
              const float dCell = dcn[k] * m + dhMasked * o * (1.f - ct[k] * ct[k]);
              dzn[k] = dCell * g * i * (1.f - i);
              dzn[H + k] = dCell * cPrevious[k] * f * (1.f - f);
              dzn[2 * H + k] = dCell * i * (1.f - g * g);
              dzn[3 * H + k] = dhMasked * ct[k] * o * (1.f - o);
              dcn[k] = dCell * f;
            }
            std::memcpy(&dz[(static_cast<size_t>(n) * T + p) * G], dzn, sizeof(float) * G);
            std::memcpy(&hiddenByPosition[(static_cast<size_t>(n) * T + p) * H], &cache.hiddenIn[(at + n) * H],
                        sizeof(float) * H);
          }
          gemm(B, H, G, dzStep.data(), recurrentT.data(), dh.data(), false);
        }
        // the weight and input gradients as three large products after the loop
        transpose(D, G, kernel + static_cast<size_t>(d) * D * G, kernelT.data());
        gemm(rows, D, G, dz.data(), kernelT.data(), d == 0 ? dx : dxBackward.data(), false);
        gemm(D, G, rows, xT.data(), dz.data(), dKernel + static_cast<size_t>(d) * D * G, false);
        transpose(rows, H, hiddenByPosition.data(), hiddenT.data());
        gemm(H, G, rows, hiddenT.data(), dz.data(), dRecurrent + static_cast<size_t>(d) * H * G, false);
        float* db = dBias + static_cast<size_t>(d) * G;
        std::fill(db, db + G, 0.f);
        for (int r = 0; r < rows; r++)
          for (int k = 0; k < G; k++) db[k] += dz[static_cast<size_t>(r) * G + k];
      },
      worthThreads(dims));
  for (size_t i = 0; i < dxBackward.size(); i++) dx[i] += dxBackward[i];
}

}  // namespace xlnlu
