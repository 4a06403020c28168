#pragma once
#include <cstddef>
#include <cstdint>

namespace xlnlu {

// The NER network of libs/models (ner/ner-network.ts), its training loss with every trainable
// weight's gradient, and its predictions, in one call each (parity in
// libs/models/src/ner/ner-host-network.spec.ts).
//
// Each word's char-bigram ids → embeddings [Ec] → character BiLSTM, its final states [2Hc] (the
// forward direction's at the word's last bigram, the backward one's at the first) ‖ the word's
// embedding [Ew] → dropout → word BiLSTM [2Hw] → dropout → emissions [K] → CRF (mean NLL over the
// sentences) or softmax (mean cross-entropy over the words).
struct NerDims {
  int B, T;
  int C;       // char-bigram ids per word
  int Vc, Ec;  // char-bigram embedding rows and size
  int Hc;      // character LSTM units per direction
  int Vw, Ew;  // word embedding rows and size
  int Hw;      // word LSTM units per direction
  int K;       // tags
  int crf;     // 1: CRF decoder, 0: softmax
};

// Weight slots, in the order the binding takes them (libs/compute/src/native.ts NER_WEIGHTS).
enum NerWeight {
  kCharEmbeddings,
  kCharKernel,
  kCharRecurrent,
  kCharBias,
  kWordEmbeddings,
  kWordKernel,
  kWordRecurrent,
  kWordBias,
  kNerEmitKernel,
  kNerEmitBias,
  kNerTransitions,  // CRF only, as start and end
  kNerStart,
  kNerEnd,
  kNerWeights
};

// Elements of a weight (0 for the CRF's without a CRF).
size_t nerWeightSize(const NerDims& dims, NerWeight weight);

struct NerBatch {
  const int32_t* words;  // [B,T], 0 pads
  const int32_t* chars;  // [B,T,C], 0 pads
  const float* mask;     // [B,T]
  const int32_t* tags;   // [B,T] (training only)
};

struct NerObjective {
  float dropout;
  // Each dropout layer's stream: the layer's seed · 1,000,003 + its call count, as SeededDropout.
  double inputDropoutStream, stateDropoutStream;
  const float* allowed;       // [K,K] 0 forbids a transition (or null)
  const float* allowedStart;  // [K] (or null)
};

// Returns the loss; overwrites every non-null gradient (null: a frozen weight).
double nerLossAndGradients(const NerDims& dims, const float* const* weights, const NerBatch& batch,
                           const NerObjective& objective, float* const* gradients);

// Best tag ids [B,T] (0 on padding): Viterbi on the constrained scores, or each word's argmax.
void nerPredict(const NerDims& dims, const float* const* weights, const NerBatch& batch, const float* allowed,
                const float* allowedStart, int32_t* tags);

}  // namespace xlnlu
