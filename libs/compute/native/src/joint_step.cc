#include "joint_step.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "bilstm.h"
#include "crf.h"
#include "gemm.h"
#include "network_parts.h"
#include "parallel.h"
#include "vector16.h"

namespace xlnlu {
namespace {

// Everything the forward pass computes that the loss, the backward pass or a prediction reads.
struct JointForward {
  Floats x, projected, inputScales, states, stateScales, emissions, pooled, hidden, logits;
  Floats cacheBuffer;
  BiLstmCache cache{};
  // prediction: each direction's input row per position (jointProjections' tables, or `projected`)
  std::vector<const float*> projectedRows;
  std::vector<int> lengths, winners;
  // the CRF's scores with the constraints applied (forbidden transitions and starts lowered)
  Floats transitions, start;
};

// The network up to the emissions and the intent logits. Dropout (and the BiLSTM's cache for the
// backward pass) only with `training`.
void jointForward(const JointDims& d, const float* const* w, const JointBatch& batch, const JointObjective& objective,
                  bool training, const JointProjectionTables* tables, JointForward& f) {
  const int B = d.B, T = d.T, H = d.H, K = d.K, I = d.I, Hi = d.Hi;
  const int D = d.E + d.Eb + d.Es;
  const int S = 2 * H;
  const int P = S + d.En;
  const int rows = B * T;
  const int G = 4 * H;
  const float rate = training ? objective.dropout : 0.f;
  if (tables) {
    // prediction: a token's input projection is its word's table row, read in place where the row
    // is whole (folded); the other tokens' rows are made here, as x·kernel splits by part without
    // dropout: the word's row, plus the mean of its bigrams' rows, plus the space vector through
    // the kernel (the order jointProjections folds them in)
    std::vector<int> unfolded;
    for (int r = 0; r < rows; r++)
      if (!tables->folded || !tables->folded[batch.tokens[r]]) unfolded.push_back(r);
    const int U = static_cast<int>(unfolded.size());
    f.projected.resize(static_cast<size_t>(2) * U * G);
    f.projectedRows.resize(static_cast<size_t>(2) * rows);
    parallelParts(
        2,
        [&](int dir) {
          const float* wordRows = tables->words + static_cast<size_t>(dir) * d.V * G;
          const float* bigramRows = d.Eb > 0 ? tables->bigrams + static_cast<size_t>(dir) * d.Vb * G : nullptr;
          const float** rowOf = &f.projectedRows[static_cast<size_t>(dir) * rows];
          for (int r = 0; r < rows; r++) rowOf[r] = wordRows + static_cast<size_t>(batch.tokens[r]) * G;
          if (U == 0) return;
          float* own = &f.projected[static_cast<size_t>(dir) * U * G];
          Floats sum(G);
          for (int u = 0; u < U; u++) {
            const int r = unfolded[u];
            float* row = own + static_cast<size_t>(u) * G;
            std::memcpy(row, rowOf[r], sizeof(float) * G);
            rowOf[r] = row;
            if (!bigramRows) continue;
            meanOfRows(batch.bigrams + static_cast<size_t>(r) * d.C, d.C, bigramRows, G, sum.data());
            for (int k = 0; k < G; k++) row[k] += sum[k];
          }
          if (d.Es > 0) {
            Floats space(static_cast<size_t>(U) * d.Es);
            for (int u = 0; u < U; u++)
              std::memcpy(&space[static_cast<size_t>(u) * d.Es],
                          w[kSpace] + static_cast<size_t>(batch.space[unfolded[u]]) * d.Es, sizeof(float) * d.Es);
            gemm(U, G, d.Es, space.data(), w[kLstmKernel] + (static_cast<size_t>(dir) * D + d.E + d.Eb) * G, own, true);
          }
        },
        rows >= 64);
  } else {
    // word features: embedding ‖ char-bigram mean ‖ space vector
    Floats& x = f.x;
    x.assign(static_cast<size_t>(rows) * D, 0.f);
    for (int r = 0; r < rows; r++) {
      float* out = &x[static_cast<size_t>(r) * D];
      std::memcpy(out, w[kWords] + static_cast<size_t>(batch.tokens[r]) * d.E, sizeof(float) * d.E);
      if (d.Eb > 0) {
        meanOfRows(batch.bigrams + static_cast<size_t>(r) * d.C, d.C, w[kBigrams], d.Eb, out + d.E);
      }
      if (d.Es > 0)
        std::memcpy(out + d.E + d.Eb, w[kSpace] + static_cast<size_t>(batch.space[r]) * d.Es, sizeof(float) * d.Es);
    }
    f.inputScales = dropoutScales(x.size(), rate, objective.inputDropoutStream);
    scale(x, f.inputScales);
  }
  const BiLstmDims lstm{B, T, D, H};
  f.states.assign(static_cast<size_t>(rows) * S, 0.f);
  if (training) {
    f.cacheBuffer.assign(biLstmCacheSize(lstm), 0.f);
    f.cache = biLstmCacheIn(lstm, f.cacheBuffer.data());
  }
  biLstmForwardProjected(lstm, f.x.data(), tables ? f.projectedRows.data() : nullptr, batch.mask, w[kLstmKernel],
                         w[kLstmRecurrent], w[kLstmBias], f.states.data(), training ? &f.cache : nullptr);
  f.stateScales = dropoutScales(f.states.size(), rate, objective.stateDropoutStream);
  scale(f.states, f.stateScales);

  // the emissions in two halves of the rows at once where there are enough rows (any split gives the same values)
  f.emissions.resize(static_cast<size_t>(rows) * K);
  const int halves = rows >= 256 ? 2 : 1;
  parallelParts(halves, [&](int half) {
    const int from = rows * half / halves, to = rows * (half + 1) / halves;
    dense(to - from, S, K, &f.states[static_cast<size_t>(from) * S], w[kEmitKernel], w[kEmitBias],
          &f.emissions[static_cast<size_t>(from) * K]);
  });

  constrainedScores(K, w[kTransitions], w[kStart], objective.allowed, objective.allowedStart, f.transitions, f.start);
  f.lengths = sequenceLengths(B, T, batch.mask);

  // intent: masked max over time ‖ n-gram mean → relu → logits
  f.pooled.assign(static_cast<size_t>(B) * P, 0.f);
  f.winners.assign(static_cast<size_t>(B) * S, 0);
  for (int b = 0; b < B; b++) {
    float* out = &f.pooled[static_cast<size_t>(b) * P];
    int* winners = &f.winners[static_cast<size_t>(b) * S];
    // padding holds 0 − 1e9 in the TensorFlow.js layer: it wins only in an empty sequence
    std::fill_n(out, S, f.lengths[b] > 0 ? -INFINITY : -1e9f);
    // time outside, sixteen features at a time inside (a strict > keeps a tie's first position);
    // the scalar loop over time per feature was ~5 % of evaluation in branches
    for (int t = 0; t < f.lengths[b]; t++) {
      const float* row = &f.states[(static_cast<size_t>(b) * T + t) * S];
      int j = 0;
      for (; j + 16 <= S; j += 16) {
        const v16 value = load16(row + j), best = load16(out + j);
        const vi16 better = value > best;
        store16(out + j, better ? value : best);
        storeInts16(winners + j, better ? vi16{} + t : loadInts16(winners + j));
      }
      for (; j < S; j++)
        if (row[j] > out[j]) out[j] = row[j], winners[j] = t;
    }
  }
  if (d.En > 0)
    for (int b = 0; b < B; b++)
      meanOfRows(batch.ngrams + static_cast<size_t>(b) * d.N, d.N, w[kNgrams], d.En,
                 &f.pooled[static_cast<size_t>(b) * P + S]);
  f.hidden.assign(static_cast<size_t>(B) * Hi, 0.f);
  dense(B, P, Hi, f.pooled.data(), w[kHiddenKernel], w[kHiddenBias], f.hidden.data());
  for (float& value : f.hidden) value = std::max(value, 0.f);
  f.logits.assign(static_cast<size_t>(B) * I, 0.f);
  dense(B, Hi, I, f.hidden.data(), w[kOutKernel], w[kOutBias], f.logits.data());
  if (d.W > 0) {
    Floats wide(I);
    for (int b = 0; b < B; b++) {
      sumOfRows(batch.ngrams + static_cast<size_t>(b) * d.N, d.N, w[kIntentWide], I, wide.data());
      float* logits = &f.logits[static_cast<size_t>(b) * I];
      for (int i = 0; i < I; i++) logits[i] += wide[i];
    }
  }
}

}  // namespace

size_t jointWeightSize(const JointDims& d, JointWeight weight) {
  const size_t D = d.E + d.Eb + d.Es, H = d.H, K = d.K, S = 2 * H, P = S + d.En;
  switch (weight) {
    case kWords: return static_cast<size_t>(d.V) * d.E;
    case kBigrams: return static_cast<size_t>(d.Vb) * d.Eb;
    case kSpace: return static_cast<size_t>(d.Vs) * d.Es;
    case kLstmKernel: return 2 * D * 4 * H;
    case kLstmRecurrent: return 2 * H * 4 * H;
    case kLstmBias: return 2 * 4 * H;
    case kEmitKernel: return S * K;
    case kEmitBias: return K;
    case kTransitions: return K * K;
    case kStart:
    case kEnd: return K;
    case kNgrams: return static_cast<size_t>(d.Vn) * d.En;
    case kHiddenKernel: return P * d.Hi;
    case kHiddenBias: return d.Hi;
    case kOutKernel: return static_cast<size_t>(d.Hi) * d.I;
    case kOutBias: return d.I;
    case kIntentWide: return d.W > 0 ? static_cast<size_t>(d.Vn) * d.I : 0;
    default: return 0;
  }
}

double jointLossAndGradients(const JointDims& d, const float* const* w, const JointBatch& batch,
                             const JointObjective& objective, float* const* wanted) {
  const GradientSlots g = gradientSlots(
      kJointWeights, wanted, [&](int k) { return jointWeightSize(d, static_cast<JointWeight>(k)); }, kSpace);
  const int B = d.B, T = d.T, H = d.H, K = d.K, I = d.I, Hi = d.Hi;
  const int D = d.E + d.Eb + d.Es;
  const int S = 2 * H;     // encoder state size
  const int P = S + d.En;  // intent head input size
  const int rows = B * T;

  // --- forward ---------------------------------------------------------------------------------
  JointForward f;
  jointForward(d, w, batch, objective, true, nullptr, f);
  const Floats &x = f.x, &states = f.states, &emissions = f.emissions, &pooled = f.pooled, &hidden = f.hidden,
               &logits = f.logits, &inputScales = f.inputScales, &stateScales = f.stateScales;
  const std::vector<int>&lengths = f.lengths, &winners = f.winners;
  const Floats &transitions = f.transitions, &start = f.start;
  const float* end = w[kEnd];
  const BiLstmDims lstm{B, T, D, H};
  const BiLstmCache& cache = f.cache;

  // slots: CRF negative log-likelihood per sequence, its gradients averaged over the batch
  Floats dEmissions(static_cast<size_t>(rows) * K, 0.f);
  const double slotLoss = crfMeanLoss(B, T, K, emissions.data(), batch.tags, lengths, transitions.data(), start.data(),
                                      end, dEmissions.data(), g[kTransitions], g[kStart], g[kEnd]);

  // softmax cross-entropy against (1 − ε)·one-hot + ε / I, mean over the batch
  const double smoothing = objective.labelSmoothing;
  const double weight = objective.intentLossWeight;
  double intentLoss = 0;
  Floats dLogits(static_cast<size_t>(B) * I);
  for (int b = 0; b < B; b++) {
    const float* z = &logits[static_cast<size_t>(b) * I];
    double max = z[0];
    for (int i = 1; i < I; i++) max = std::max(max, static_cast<double>(z[i]));
    double sum = 0;
    for (int i = 0; i < I; i++) sum += std::exp(z[i] - max);
    const double logSum = max + std::log(sum);
    for (int i = 0; i < I; i++) {
      const double target = (i == batch.intents[b] ? 1 - smoothing : 0) + smoothing / I;
      const double p = std::exp(z[i] - logSum);
      intentLoss -= target * (z[i] - logSum);
      dLogits[static_cast<size_t>(b) * I + i] = static_cast<float>(weight * (p - target) / B);
    }
  }
  intentLoss /= B;

  // --- backward --------------------------------------------------------------------------------
  if (d.W > 0)
    for (int b = 0; b < B; b++)
      scatterSum(batch.ngrams + static_cast<size_t>(b) * d.N, d.N, &dLogits[static_cast<size_t>(b) * I], I,
                 g[kIntentWide]);
  gemmTransposedA(Hi, I, B, hidden.data(), dLogits.data(), g[kOutKernel]);
  columnSums(B, I, dLogits.data(), g[kOutBias]);
  Floats dHidden(static_cast<size_t>(B) * Hi);
  gemmTransposedB(B, Hi, I, dLogits.data(), w[kOutKernel], dHidden.data());
  for (size_t i = 0; i < dHidden.size(); i++)
    if (hidden[i] <= 0) dHidden[i] = 0;
  gemmTransposedA(P, Hi, B, pooled.data(), dHidden.data(), g[kHiddenKernel]);
  columnSums(B, Hi, dHidden.data(), g[kHiddenBias]);
  Floats dPooled(static_cast<size_t>(B) * P);
  gemmTransposedB(B, P, Hi, dHidden.data(), w[kHiddenKernel], dPooled.data());
  if (d.En > 0)
    for (int b = 0; b < B; b++)
      scatterMean(batch.ngrams + static_cast<size_t>(b) * d.N, d.N, &dPooled[static_cast<size_t>(b) * P + S], d.En,
                  g[kNgrams]);

  Floats dStates(static_cast<size_t>(rows) * S);
  gemmTransposedA(S, K, rows, states.data(), dEmissions.data(), g[kEmitKernel]);
  columnSums(rows, K, dEmissions.data(), g[kEmitBias]);
  gemmTransposedB(rows, S, K, dEmissions.data(), w[kEmitKernel], dStates.data());
  for (int b = 0; b < B; b++)
    for (int f = 0; f < S; f++)
      dStates[(static_cast<size_t>(b) * T + winners[static_cast<size_t>(b) * S + f]) * S + f] +=
          dPooled[static_cast<size_t>(b) * P + f];
  scale(dStates, stateScales);

  Floats dx(static_cast<size_t>(rows) * D);
  biLstmBackward(lstm, x.data(), batch.mask, w[kLstmKernel], w[kLstmRecurrent], cache, dStates.data(), dx.data(),
                 g[kLstmKernel], g[kLstmRecurrent], g[kLstmBias]);
  scale(dx, inputScales);
  for (int r = 0; r < rows; r++) {
    const float* from = &dx[static_cast<size_t>(r) * D];
    {
      float* row = g[kWords] + static_cast<size_t>(batch.tokens[r]) * d.E;
      for (int j = 0; j < d.E; j++) row[j] += from[j];
    }
    if (d.Eb > 0) scatterMean(batch.bigrams + static_cast<size_t>(r) * d.C, d.C, from + d.E, d.Eb, g[kBigrams]);
  }
  return slotLoss + weight * intentLoss;
}

void jointProjections(const JointDims& d, const float* const* w, const JointWordFeatures* features, float* words,
                      float* bigrams) {
  const int D = d.E + d.Eb + d.Es, G = 4 * d.H;
  parallelParts(2, [&](int dir) {
    const float* kernel = w[kLstmKernel] + static_cast<size_t>(dir) * D * G;
    float* wordRows = words + static_cast<size_t>(dir) * d.V * G;
    float* bigramRows = d.Eb > 0 ? bigrams + static_cast<size_t>(dir) * d.Vb * G : nullptr;
    gemm(d.V, G, d.E, w[kWords], kernel, wordRows, false);
    if (bigramRows) gemm(d.Vb, G, d.Eb, w[kBigrams], kernel + static_cast<size_t>(d.E) * G, bigramRows, false);
    if (!features) return;
    // the folded words' rows gain what jointForward adds to an unfolded token's row, in its order
    std::vector<int> folded;
    for (int v = 0; v < d.V; v++)
      if (features->folded[v]) folded.push_back(v);
    if (bigramRows) {
      Floats sum(G);
      for (const int v : folded) {
        meanOfRows(features->bigrams + static_cast<size_t>(v) * features->C, features->C, bigramRows, G, sum.data());
        float* row = wordRows + static_cast<size_t>(v) * G;
        for (int k = 0; k < G; k++) row[k] += sum[k];
      }
    }
    if (d.Es > 0) {
      // a chunk of rows at a time through the product (gathered, multiplied onto, put back)
      constexpr int kChunk = 1024;
      Floats chunk(static_cast<size_t>(kChunk) * G), space(static_cast<size_t>(kChunk) * d.Es);
      for (size_t from = 0; from < folded.size(); from += kChunk) {
        const int n = static_cast<int>(std::min<size_t>(kChunk, folded.size() - from));
        for (int i = 0; i < n; i++) {
          const int v = folded[from + i];
          std::memcpy(&chunk[static_cast<size_t>(i) * G], wordRows + static_cast<size_t>(v) * G, sizeof(float) * G);
          std::memcpy(&space[static_cast<size_t>(i) * d.Es], w[kSpace] + static_cast<size_t>(features->space[v]) * d.Es,
                      sizeof(float) * d.Es);
        }
        gemm(n, G, d.Es, space.data(), kernel + static_cast<size_t>(d.E + d.Eb) * G, chunk.data(), true);
        for (int i = 0; i < n; i++)
          std::memcpy(wordRows + static_cast<size_t>(folded[from + i]) * G, &chunk[static_cast<size_t>(i) * G],
                      sizeof(float) * G);
      }
    }
  });
}

void jointPredict(const JointDims& d, const float* const* w, const JointBatch& batch, const float* allowed,
                  const float* allowedStart, const JointProjectionTables* tables, int32_t* tags, float* probabilities) {
  const int B = d.B, T = d.T, K = d.K, I = d.I;
  const JointObjective objective{1.f, 0.f, 0.f, 0, 0, allowed, allowedStart};
  JointForward f;
  jointForward(d, w, batch, objective, false, tables, f);
  std::memset(tags, 0, sizeof(int32_t) * B * T);
  // unconstrained Viterbi on the lowered scores, as the CRF layer decodes
  const CrfViterbiScores viterbi(K, f.transitions.data(), f.start.data(), w[kEnd]);
  parallelParts(B >= 16 ? 8 : 1, [&](int part) {
    const int parts = B >= 16 ? 8 : 1;
    for (int b = part; b < B; b += parts)
      crfViterbi(f.lengths[b], &f.emissions[static_cast<size_t>(b) * T * K], viterbi,
                 tags + static_cast<size_t>(b) * T);
  });
  for (int b = 0; b < B; b++) {
    const float* z = &f.logits[static_cast<size_t>(b) * I];
    float* p = probabilities + static_cast<size_t>(b) * I;
    double max = z[0];
    for (int i = 1; i < I; i++) max = std::max(max, static_cast<double>(z[i]));
    double sum = 0;
    for (int i = 0; i < I; i++) sum += std::exp(z[i] - max);
    for (int i = 0; i < I; i++) p[i] = static_cast<float>(std::exp(z[i] - max) / sum);
  }
}

}  // namespace xlnlu
