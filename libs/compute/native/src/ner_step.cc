#include "ner_step.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "bilstm.h"
#include "crf.h"
#include "gemm.h"
#include "network_parts.h"
#include "parallel.h"

namespace xlnlu {
namespace {

// Everything the forward pass computes that the loss, the backward pass or a prediction reads.
struct NerForward {
  std::vector<int> lengths;
  std::vector<int> realRows;    // b·T + t of every word (mask > 0)
  std::vector<int> lastBigram;  // per real word: its last bigram's position (−1: none)
  Floats charMask, charX, charCacheBuffer, charStates;
  BiLstmCache charCache{};
  Floats x, inputScales, wordCacheBuffer, states, stateScales, emissions;
  BiLstmCache wordCache{};
  Floats transitions, start;  // constrained
};

void nerForward(const NerDims& d, const float* const* w, const NerBatch& batch, const NerObjective& objective,
                bool training, NerForward& f) {
  const int B = d.B, T = d.T, C = d.C, Ec = d.Ec, Hc = d.Hc, Ew = d.Ew, Hw = d.Hw, K = d.K;
  const int Dw = Ew + 2 * Hc;
  const int rows = B * T;
  f.lengths = sequenceLengths(B, T, batch.mask);
  f.realRows.clear();
  for (int b = 0; b < B; b++)
    for (int t = 0; t < f.lengths[b]; t++) f.realRows.push_back(b * T + t);
  const int R = static_cast<int>(f.realRows.size());

  // the character module over the real words only: R sequences of C bigrams
  f.charMask.assign(static_cast<size_t>(R) * C, 0.f);
  f.charX.assign(static_cast<size_t>(R) * C * Ec, 0.f);
  f.lastBigram.assign(R, -1);
  for (int r = 0; r < R; r++) {
    const int32_t* ids = batch.chars + static_cast<size_t>(f.realRows[r]) * C;
    for (int c = 0; c < C; c++) {
      std::memcpy(&f.charX[(static_cast<size_t>(r) * C + c) * Ec], w[kCharEmbeddings] + static_cast<size_t>(ids[c]) * Ec,
                  sizeof(float) * Ec);
      if (ids[c] != 0) {
        f.charMask[static_cast<size_t>(r) * C + c] = 1.f;
        // the layer's "last" is where the mask drops from 1 to 0 (or ends): left-aligned ids
        if (c + 1 == C || ids[c + 1] == 0) f.lastBigram[r] = c;
      }
    }
  }
  const BiLstmDims charDims{std::max(R, 1), C, Ec, Hc};
  f.charStates.assign(static_cast<size_t>(std::max(R, 1)) * C * 2 * Hc, 0.f);
  if (R > 0) {
    if (training) {
      f.charCacheBuffer.assign(biLstmCacheSize(charDims), 0.f);
      f.charCache = biLstmCacheIn(charDims, f.charCacheBuffer.data());
    }
    biLstmForward(charDims, f.charX.data(), f.charMask.data(), w[kCharKernel], w[kCharRecurrent], w[kCharBias],
                  f.charStates.data(), training ? &f.charCache : nullptr);
  }

  // word features: embedding ‖ the character module's final states (zeros on padding)
  f.x.assign(static_cast<size_t>(rows) * Dw, 0.f);
  for (int r = 0; r < rows; r++)
    std::memcpy(&f.x[static_cast<size_t>(r) * Dw], w[kWordEmbeddings] + static_cast<size_t>(batch.words[r]) * Ew,
                sizeof(float) * Ew);
  for (int r = 0; r < R; r++) {
    float* out = &f.x[static_cast<size_t>(f.realRows[r]) * Dw + Ew];
    if (f.lastBigram[r] >= 0)
      std::memcpy(out, &f.charStates[(static_cast<size_t>(r) * C + f.lastBigram[r]) * 2 * Hc], sizeof(float) * Hc);
    std::memcpy(out + Hc, &f.charStates[static_cast<size_t>(r) * C * 2 * Hc + Hc], sizeof(float) * Hc);
  }
  const float rate = training ? objective.dropout : 0.f;
  f.inputScales = dropoutScales(f.x.size(), rate, objective.inputDropoutStream);
  scale(f.x, f.inputScales);

  const BiLstmDims wordDims{B, T, Dw, Hw};
  f.states.assign(static_cast<size_t>(rows) * 2 * Hw, 0.f);
  if (training) {
    f.wordCacheBuffer.assign(biLstmCacheSize(wordDims), 0.f);
    f.wordCache = biLstmCacheIn(wordDims, f.wordCacheBuffer.data());
  }
  biLstmForward(wordDims, f.x.data(), batch.mask, w[kWordKernel], w[kWordRecurrent], w[kWordBias], f.states.data(),
                training ? &f.wordCache : nullptr);
  f.stateScales = dropoutScales(f.states.size(), rate, objective.stateDropoutStream);
  scale(f.states, f.stateScales);

  f.emissions.resize(static_cast<size_t>(rows) * K);
  dense(rows, 2 * Hw, K, f.states.data(), w[kNerEmitKernel], w[kNerEmitBias], f.emissions.data());
  if (d.crf)
    constrainedScores(K, w[kNerTransitions], w[kNerStart], objective.allowed, objective.allowedStart, f.transitions,
                      f.start);
}

}  // namespace

size_t nerWeightSize(const NerDims& d, NerWeight weight) {
  const size_t Ec = d.Ec, Hc = d.Hc, Ew = d.Ew, Hw = d.Hw, K = d.K, Dw = Ew + 2 * Hc;
  switch (weight) {
    case kCharEmbeddings: return static_cast<size_t>(d.Vc) * Ec;
    case kCharKernel: return 2 * Ec * 4 * Hc;
    case kCharRecurrent: return 2 * Hc * 4 * Hc;
    case kCharBias: return 2 * 4 * Hc;
    case kWordEmbeddings: return static_cast<size_t>(d.Vw) * Ew;
    case kWordKernel: return 2 * Dw * 4 * Hw;
    case kWordRecurrent: return 2 * Hw * 4 * Hw;
    case kWordBias: return 2 * 4 * Hw;
    case kNerEmitKernel: return 2 * Hw * K;
    case kNerEmitBias: return K;
    case kNerTransitions: return d.crf ? K * K : 0;
    case kNerStart: case kNerEnd: return d.crf ? K : 0;
    default: return 0;
  }
}

double nerLossAndGradients(const NerDims& d, const float* const* w, const NerBatch& batch,
                           const NerObjective& objective, float* const* wanted) {
  // a gradient nobody asked for (a frozen weight) is computed into scratch: the chain rule needs most of them
  std::vector<Floats> scratch;
  scratch.reserve(kNerWeights);
  float* g[kNerWeights];
  for (int k = 0; k < kNerWeights; k++) {
    const size_t size = nerWeightSize(d, static_cast<NerWeight>(k));
    g[k] = wanted[k];
    if (!g[k] && size > 0) g[k] = scratch.emplace_back(size).data();
    else if (g[k]) std::memset(g[k], 0, sizeof(float) * size);
  }
  const int B = d.B, T = d.T, C = d.C, Ec = d.Ec, Hc = d.Hc, Ew = d.Ew, Hw = d.Hw, K = d.K;
  const int Dw = Ew + 2 * Hc;
  const int rows = B * T;
  NerForward f;
  nerForward(d, w, batch, objective, true, f);

  // the loss and its gradient on the emissions
  Floats dEmissions(static_cast<size_t>(rows) * K, 0.f);
  double loss = 0;
  if (d.crf) {
    loss = crfMeanLoss(B, T, K, f.emissions.data(), batch.tags, f.lengths, f.transitions.data(), f.start.data(),
                       w[kNerEnd], dEmissions.data(), g[kNerTransitions], g[kNerStart], g[kNerEnd]);
  } else {
    // softmax cross-entropy per word, summed over the words and divided by their count
    const double words = std::max<size_t>(f.realRows.size(), 1);
    for (const int r : f.realRows) {
      const float* z = &f.emissions[static_cast<size_t>(r) * K];
      double max = z[0];
      for (int k = 1; k < K; k++) max = std::max(max, static_cast<double>(z[k]));
      double sum = 0;
      for (int k = 0; k < K; k++) sum += std::exp(z[k] - max);
      const double logSum = max + std::log(sum);
      const int gold = batch.tags[r];
      loss -= z[gold] - logSum;
      for (int k = 0; k < K; k++)
        dEmissions[static_cast<size_t>(r) * K + k] = static_cast<float>((std::exp(z[k] - logSum) - (k == gold)) / words);
    }
    loss /= words;
  }

  // emissions → word BiLSTM → word features
  gemmTransposedA(2 * Hw, K, rows, f.states.data(), dEmissions.data(), g[kNerEmitKernel]);
  columnSums(rows, K, dEmissions.data(), g[kNerEmitBias]);
  Floats dStates(static_cast<size_t>(rows) * 2 * Hw);
  gemmTransposedB(rows, 2 * Hw, K, dEmissions.data(), w[kNerEmitKernel], dStates.data());
  scale(dStates, f.stateScales);
  Floats dx(static_cast<size_t>(rows) * Dw);
  biLstmBackward(BiLstmDims{B, T, Dw, Hw}, f.x.data(), batch.mask, w[kWordKernel], w[kWordRecurrent], f.wordCache,
                 dStates.data(), dx.data(), g[kWordKernel], g[kWordRecurrent], g[kWordBias]);
  scale(dx, f.inputScales);
  for (int r = 0; r < rows; r++) {
    float* row = g[kWordEmbeddings] + static_cast<size_t>(batch.words[r]) * Ew;
    const float* from = &dx[static_cast<size_t>(r) * Dw];
    for (int j = 0; j < Ew; j++) row[j] += from[j];
  }

  // word features → the character module's final states → character BiLSTM → bigram embeddings
  const int R = static_cast<int>(f.realRows.size());
  if (R == 0) return loss;
  Floats dCharStates(static_cast<size_t>(R) * C * 2 * Hc, 0.f);
  for (int r = 0; r < R; r++) {
    const float* from = &dx[static_cast<size_t>(f.realRows[r]) * Dw + Ew];
    float* states = &dCharStates[static_cast<size_t>(r) * C * 2 * Hc];
    if (f.lastBigram[r] >= 0) {
      float* last = states + static_cast<size_t>(f.lastBigram[r]) * 2 * Hc;
      for (int j = 0; j < Hc; j++) last[j] += from[j];
    }
    for (int j = 0; j < Hc; j++) states[Hc + j] += from[Hc + j];
  }
  Floats dCharX(static_cast<size_t>(R) * C * Ec);
  biLstmBackward(BiLstmDims{R, C, Ec, Hc}, f.charX.data(), f.charMask.data(), w[kCharKernel], w[kCharRecurrent],
                 f.charCache, dCharStates.data(), dCharX.data(), g[kCharKernel], g[kCharRecurrent], g[kCharBias]);
  for (int r = 0; r < R; r++) {
    const int32_t* ids = batch.chars + static_cast<size_t>(f.realRows[r]) * C;
    for (int c = 0; c < C; c++) {
      float* row = g[kCharEmbeddings] + static_cast<size_t>(ids[c]) * Ec;
      const float* from = &dCharX[(static_cast<size_t>(r) * C + c) * Ec];
      for (int j = 0; j < Ec; j++) row[j] += from[j];
    }
  }
  return loss;
}

void nerPredict(const NerDims& d, const float* const* w, const NerBatch& batch, const float* allowed,
                const float* allowedStart, int32_t* tags) {
  const int B = d.B, T = d.T, K = d.K;
  const NerObjective objective{0.f, 0, 0, allowed, allowedStart};
  NerForward f;
  nerForward(d, w, batch, objective, false, f);
  std::memset(tags, 0, sizeof(int32_t) * B * T);
  const int parts = B >= 16 ? 8 : 1;
  parallelParts(parts, [&](int part) {
    for (int b = part; b < B; b += parts) {
      const int L = f.lengths[b];
      const float* emit = &f.emissions[static_cast<size_t>(b) * T * K];
      int32_t* path = tags + static_cast<size_t>(b) * T;
      if (L == 0) continue;
      if (d.crf) {
        // unconstrained Viterbi on the lowered scores, as the CRF layer decodes
        crfViterbi(L, K, emit, f.transitions.data(), f.start.data(), w[kNerEnd], nullptr, nullptr, path);
        continue;
      }
      for (int t = 0; t < L; t++) {
        int best = 0;
        for (int k = 1; k < K; k++)
          if (emit[t * K + k] > emit[t * K + best]) best = k;
        path[t] = best;
      }
    }
  });
}

}  // namespace xlnlu
