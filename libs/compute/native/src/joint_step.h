#pragma once
#include <cstddef>
#include <cstdint>

namespace xlnlu {

// The joint intent + slot network of libs/models (joint/joint-network.ts), its training loss and
// every trainable weight's gradient in one call: the same function as the TensorFlow.js graph
// (parity in libs/models/src/joint/joint-host-network.spec.ts), without its per-kernel bookkeeping.
//
// words [B,T] → word embeddings [E] ‖ mean of the word's char-bigram embeddings [Eb] ‖ fixed space
// vector [Es] → dropout → BiLSTM [2H] → dropout → (a) emissions [K] → CRF, mean NLL over the
// batch; (b) masked max over time ‖ mean of the utterance's n-gram embeddings [En] → dense relu
// [Hi] → dense [I] (+ with W, the sum of the n-grams' rows of a wide [Vn, I] table) → softmax
// cross-entropy with label smoothing, mean over the batch, times the intent loss weight. Optional
// parts have size 0 (Eb, Es, En, W) and null weights.
struct JointDims {
  int B, T;
  int C;       // char-bigram ids per word (0 without char-bigram features)
  int N;       // n-gram ids per utterance (0 without intent n-grams)
  int V, E;    // word embedding rows and size
  int Vb, Eb;  // char-bigram embedding rows and size
  int Vs, Es;  // fixed space vectors: rows and size
  int H;       // LSTM units per direction
  int K;       // tags
  int Vn, En;  // n-gram embedding rows (buckets + 1) and size
  int Hi, I;   // intent hidden units, intents
  int W;       // 1: the n-grams' wide table straight to the intent logits (needs En > 0); 0: none
};

// Weight slots, in the order the binding takes them (libs/compute/src/native.ts JOINT_WEIGHTS).
enum JointWeight {
  kWords,
  kBigrams,
  kSpace,  // fixed: read, never given a gradient
  kLstmKernel,
  kLstmRecurrent,
  kLstmBias,
  kEmitKernel,
  kEmitBias,
  kTransitions,
  kStart,
  kEnd,
  kNgrams,
  kHiddenKernel,
  kHiddenBias,
  kOutKernel,
  kOutBias,
  kIntentWide,
  kJointWeights
};

// Elements of a weight (0 for an absent optional one).
size_t jointWeightSize(const JointDims& dims, JointWeight weight);

struct JointBatch {
  const int32_t* tokens;   // [B,T], 0 pads
  const int32_t* bigrams;  // [B,T,C], 0 pads (or null)
  const int32_t* space;    // [B,T] space word ids (or null)
  const int32_t* ngrams;   // [B,N], 0 pads (or null)
  const float* mask;       // [B,T], 1 token, 0 padding after the tokens
  const int32_t* tags;     // [B,T]
  const int32_t* intents;  // [B]
};

struct JointObjective {
  float intentLossWeight;
  float labelSmoothing;
  float dropout;  // 0: none (evaluation, or a network without dropout)
  // Each dropout layer's stream: the layer's seed · 1,000,003 + its call count, as SeededDropout.
  double inputDropoutStream, stateDropoutStream;
  const float* allowed;       // [K,K] 0 forbids a transition (or null)
  const float* allowedStart;  // [K] (or null)
};

// Returns the loss; overwrites every non-null gradient (same shapes as the weights).
double jointLossAndGradients(const JointDims& dims, const float* const* weights, const JointBatch& batch,
                             const JointObjective& objective, float* const* gradients);

// What a vocabulary word's other inputs are where they follow from the word itself: its char
// bigram ids [V,C] (0 pads; null without bigram features) and its space word id [V] (null without
// space vectors), for the words marked in folded[V] (not padding and the unknown word, whose
// tokens' spellings vary, nor words whose features depend on context, e.g. romanized readings).
struct JointWordFeatures {
  const int32_t* bigrams;
  int C;
  const int32_t* space;
  const uint8_t* folded;
};

// The input projections of every word and char-bigram embedding row through the BiLSTM's kernel,
// per direction: words [2,V,4H], bigrams [2,Vb,4H] (null without bigrams). Prediction reads a
// word's projection from them instead of multiplying its features by the kernel, which was half
// of the network's arithmetic; they hold while the weights do. With `features`, a folded word's row
// also holds its bigrams' mean and its space vector's projection (a token of it then needs one row,
// read in place: most tokens of a test set), computed as prediction would compute them.
void jointProjections(const JointDims& dims, const float* const* weights, const JointWordFeatures* features,
                      float* words, float* bigrams);

struct JointProjectionTables {
  const float* words;
  const float* bigrams;
  const uint8_t* folded;  // [V] the words whose rows are whole (jointProjections' features), or null
};

// The network's predictions for a batch (no dropout): the best tag path of each sequence (Viterbi
// on the constrained scores, as CrfLayer.decode; 0 on padding) into tags [B,T], and the intent
// softmax into probabilities [B,I]. The batch's tags and intents are not read. With tables (of
// jointProjections for these weights), the input projection is read from them.
void jointPredict(const JointDims& dims, const float* const* weights, const JointBatch& batch, const float* allowed,
                  const float* allowedStart, const JointProjectionTables* tables, int32_t* tags, float* probabilities);

}  // namespace xlnlu
