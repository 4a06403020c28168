#include "ner_step.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <optional>
#include <vector>

#include "bilstm.h"
#include "crf.h"
#include "gemm.h"
#include "network_parts.h"
#include "parallel.h"

namespace xlnlu {
namespace {

// Words of the same number of bigrams: their character BiLSTM runs as one batch without padding,
// so a batch's longest word no longer makes every other word as long (masked positions compute
// nothing that reaches the output, so the result is the padded layer's).
struct CharGroup {
  int length = 0;          // bigrams per word
  std::vector<int> words;  // indices into NerForward::realRows
  Floats x, mask, states, cacheBuffer;
  BiLstmCache cache{};
};

// Everything the forward pass computes that the loss, the backward pass or a prediction reads.
struct NerForward {
  std::vector<int> lengths;
  std::vector<int> realRows;  // b·T + t of every word (mask > 0)
  std::vector<CharGroup> groups;
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

  // the character module over the real words only, grouped by their number of bigrams (left-aligned ids)
  std::map<int, std::vector<int>> byLength;
  for (int r = 0; r < R; r++) {
    const int32_t* ids = batch.chars + static_cast<size_t>(f.realRows[r]) * C;
    int length = 0;
    while (length < C && ids[length] != 0) length++;
    if (length > 0) byLength[length].push_back(r);
  }
  f.groups.clear();
  for (auto& [length, words] : byLength) {
    CharGroup group;
    group.length = length;
    group.words = std::move(words);
    f.groups.push_back(std::move(group));
  }
  parallelParts(static_cast<int>(f.groups.size()), [&](int index) {
    CharGroup& group = f.groups[index];
    const int n = static_cast<int>(group.words.size()), L = group.length;
    group.x.resize(static_cast<size_t>(n) * L * Ec);
    group.mask.assign(static_cast<size_t>(n) * L, 1.f);
    for (int i = 0; i < n; i++) {
      const int32_t* ids = batch.chars + static_cast<size_t>(f.realRows[group.words[i]]) * C;
      for (int c = 0; c < L; c++)
        std::memcpy(&group.x[(static_cast<size_t>(i) * L + c) * Ec],
                    w[kCharEmbeddings] + static_cast<size_t>(ids[c]) * Ec, sizeof(float) * Ec);
    }
    const BiLstmDims dims{n, L, Ec, Hc};
    group.states.resize(static_cast<size_t>(n) * L * 2 * Hc);
    if (training) {
      group.cacheBuffer.resize(biLstmCacheSize(dims));
      group.cache = biLstmCacheIn(dims, group.cacheBuffer.data());
    }
    biLstmForward(dims, group.x.data(), group.mask.data(), w[kCharKernel], w[kCharRecurrent], w[kCharBias],
                  group.states.data(), training ? &group.cache : nullptr);
  });

  // word features: embedding ‖ the character module's final states (the forward direction's at the
  // last bigram, the backward one's at the first; zeros for padding and words without bigrams)
  f.x.assign(static_cast<size_t>(rows) * Dw, 0.f);
  for (int r = 0; r < rows; r++)
    std::memcpy(&f.x[static_cast<size_t>(r) * Dw], w[kWordEmbeddings] + static_cast<size_t>(batch.words[r]) * Ew,
                sizeof(float) * Ew);
  for (const CharGroup& group : f.groups) {
    const int L = group.length;
    for (size_t i = 0; i < group.words.size(); i++) {
      float* out = &f.x[static_cast<size_t>(f.realRows[group.words[i]]) * Dw + Ew];
      const float* states = &group.states[i * L * 2 * Hc];
      std::memcpy(out, states + static_cast<size_t>(L - 1) * 2 * Hc, sizeof(float) * Hc);
      std::memcpy(out + Hc, states + Hc, sizeof(float) * Hc);
    }
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
    case kNerStart:
    case kNerEnd: return d.crf ? K : 0;
    default: return 0;
  }
}

double nerLossAndGradients(const NerDims& d, const float* const* w, const NerBatch& batch,
                           const NerObjective& objective, float* const* wanted) {
  const GradientSlots g =
      gradientSlots(kNerWeights, wanted, [&](int k) { return nerWeightSize(d, static_cast<NerWeight>(k)); });
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
        dEmissions[static_cast<size_t>(r) * K + k] =
            static_cast<float>((std::exp(z[k] - logSum) - (k == gold)) / words);
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

  // word features → the character module's final states → character BiLSTM, group by group (each
  // its own weight gradients, added in group order: the same sums whatever the threads)
  const size_t kernelSize = nerWeightSize(d, kCharKernel), recurrentSize = nerWeightSize(d, kCharRecurrent),
               biasSize = nerWeightSize(d, kCharBias);
  std::vector<Floats> dCharX(f.groups.size()), dKernels(f.groups.size()), dRecurrents(f.groups.size()),
      dBiases(f.groups.size());
  parallelParts(static_cast<int>(f.groups.size()), [&](int index) {
    const CharGroup& group = f.groups[index];
    const int n = static_cast<int>(group.words.size()), L = group.length;
    Floats dStates(static_cast<size_t>(n) * L * 2 * Hc, 0.f);
    for (int i = 0; i < n; i++) {
      const float* from = &dx[static_cast<size_t>(f.realRows[group.words[i]]) * Dw + Ew];
      float* states = &dStates[static_cast<size_t>(i) * L * 2 * Hc];
      float* last = states + static_cast<size_t>(L - 1) * 2 * Hc;
      for (int j = 0; j < Hc; j++) last[j] += from[j];
      for (int j = 0; j < Hc; j++) states[Hc + j] += from[Hc + j];
    }
    dCharX[index].resize(static_cast<size_t>(n) * L * Ec);
    dKernels[index].resize(kernelSize);
    dRecurrents[index].resize(recurrentSize);
    dBiases[index].resize(biasSize);
    biLstmBackward(BiLstmDims{n, L, Ec, Hc}, group.x.data(), group.mask.data(), w[kCharKernel], w[kCharRecurrent],
                   group.cache, dStates.data(), dCharX[index].data(), dKernels[index].data(), dRecurrents[index].data(),
                   dBiases[index].data());
  });
  for (size_t index = 0; index < f.groups.size(); index++) {
    const CharGroup& group = f.groups[index];
    const int L = group.length;
    for (size_t k = 0; k < kernelSize; k++) g[kCharKernel][k] += dKernels[index][k];
    for (size_t k = 0; k < recurrentSize; k++) g[kCharRecurrent][k] += dRecurrents[index][k];
    for (size_t k = 0; k < biasSize; k++) g[kCharBias][k] += dBiases[index][k];
    for (size_t i = 0; i < group.words.size(); i++) {
      const int32_t* ids = batch.chars + static_cast<size_t>(f.realRows[group.words[i]]) * C;
      for (int c = 0; c < L; c++) {
        float* row = g[kCharEmbeddings] + static_cast<size_t>(ids[c]) * Ec;
        const float* from = &dCharX[index][(i * L + c) * Ec];
        for (int j = 0; j < Ec; j++) row[j] += from[j];
      }
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
  const std::optional<CrfViterbiScores> viterbi =
      d.crf ? std::make_optional<CrfViterbiScores>(K, f.transitions.data(), f.start.data(), w[kNerEnd]) : std::nullopt;
  parallelParts(parts, [&](int part) {
    for (int b = part; b < B; b += parts) {
      const int L = f.lengths[b];
      const float* emit = &f.emissions[static_cast<size_t>(b) * T * K];
      int32_t* path = tags + static_cast<size_t>(b) * T;
      if (L == 0) continue;
      if (d.crf) {
        // unconstrained Viterbi on the lowered scores, as the CRF layer decodes
        crfViterbi(L, emit, *viterbi, path);
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
