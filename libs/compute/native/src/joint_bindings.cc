// N-API bindings of the native joint network (joint_step.h): its loss and gradients, its
// predictions and its input-projection tables.
#include "joint_bindings.h"

#include <string>
#include <vector>

#include "binding_args.h"
#include "device.h"
#include "joint_step.h"

namespace {

using namespace xlnlu::args;

constexpr const char* kJointWeightNames[] = {"words",    "bigrams",    "space",        "lstmKernel",  "lstmRecurrent",
                                             "lstmBias", "emitKernel", "emitBias",     "transitions", "start",
                                             "end",      "ngrams",     "hiddenKernel", "hiddenBias",  "outKernel",
                                             "outBias",  "intentWide"};

xlnlu::JointDims jointDimsOf(const Napi::CallbackInfo& info) {
  const auto dims = typedArrayValue<int32_t>(info.Env(), info[0], "dims", 17);
  const int32_t* v = dims.Data();
  for (int i = 0; i < 17; i++)
    if (v[i] < 0) throw Napi::TypeError::New(info.Env(), "dims: sizes must not be negative");
  if (v[0] < 1 || v[1] < 1 || v[4] < 1 || v[5] < 1 || v[10] < 1 || v[11] < 1 || v[14] < 1 || v[15] < 1)
    throw Napi::TypeError::New(info.Env(), "dims: B, T, V, E, H, K, Hi and I must be positive");
  if ((v[7] > 0) != (v[2] > 0) || (v[13] > 0) != (v[3] > 0))
    throw Napi::TypeError::New(info.Env(), "dims: C and Eb (char bigrams), N and En (n-grams) are both set or both 0");
  if (v[16] > 1 || (v[16] == 1 && v[13] == 0))
    throw Napi::TypeError::New(info.Env(), "dims: W (the wide intent table) is 0 or 1, and 1 needs n-grams (En > 0)");
  return {v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14], v[15], v[16]};
}

// The weight (or gradient) slots: absent where the dims leave a part out; for gradients also a
// frozen weight, and the fixed space must be absent.
std::vector<float*> jointSlots(const Napi::Env& env, const Napi::Value& value, const xlnlu::JointDims& d,
                               const char* what, bool gradients) {
  const auto sizeOf = [&](uint32_t k) { return xlnlu::jointWeightSize(d, static_cast<xlnlu::JointWeight>(k)); };
  std::vector<float*> slots = weightSlots(env, value, xlnlu::kJointWeights, kJointWeightNames, what, sizeOf,
                                          [&](uint32_t, size_t size) { return gradients || size == 0; });
  if (gradients && slots[xlnlu::kSpace])
    throw Napi::TypeError::New(env, std::string(what) + ".space: the space vectors are fixed");
  return slots;
}

// A joint batch's arrays, each checked for its size and its ids for their tables; tags and
// intents only `withGold`.
xlnlu::JointBatch jointBatchOf(const Napi::Env& env, const Napi::Value& value, const xlnlu::JointDims& d,
                               bool withGold) {
  if (!value.IsObject()) throw Napi::TypeError::New(env, "batch: expected an object");
  const auto batchObject = value.As<Napi::Object>();
  const size_t rows = static_cast<size_t>(d.B) * d.T;
  auto ints = [&](const char* key, size_t size, bool present) -> const int32_t* {
    const Napi::Value entry = batchObject.Get(key);
    if (!present) {
      if (given(entry)) throw Napi::TypeError::New(env, std::string("batch.") + key + ": the dims leave it out");
      return nullptr;
    }
    return typedArrayValue<int32_t>(env, entry, std::string("batch.") + key, size).Data();
  };
  xlnlu::JointBatch batch{ints("tokens", rows, true),
                          ints("bigrams", rows * d.C, d.Eb > 0),
                          ints("space", rows, d.Es > 0),
                          ints("ngrams", static_cast<size_t>(d.B) * d.N, d.En > 0),
                          typedArrayValue<float>(env, batchObject.Get("mask"), "batch.mask", rows).Data(),
                          withGold ? ints("tags", rows, true) : nullptr,
                          withGold ? ints("intents", d.B, true) : nullptr};
  // every id inside its table, or the gather reads past it
  checkIds(env, batch.tokens, rows, d.V, "batch.tokens");
  if (batch.bigrams) checkIds(env, batch.bigrams, rows * d.C, d.Vb, "batch.bigrams");
  if (batch.space) checkIds(env, batch.space, rows, d.Vs, "batch.space");
  if (batch.ngrams) checkIds(env, batch.ngrams, static_cast<size_t>(d.B) * d.N, d.Vn, "batch.ngrams");
  if (withGold) {
    checkIds(env, batch.tags, rows, d.K, "batch.tags");
    checkIds(env, batch.intents, d.B, d.I, "batch.intents");
  }
  return batch;
}

// jointLossAndGradients(dims Int32Array[17], weights[17], gradients[17], batch, objective Float64Array[5],
// allowed?, allowedStart?) → loss. dims: B T C N V E Vb Eb Vs Es H K Vn En Hi I W (see joint_step.h).
Napi::Value JointLossAndGradients(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const xlnlu::JointDims d = jointDimsOf(info);
  const std::vector<float*> weights = jointSlots(env, info[1], d, "weights", false);
  const std::vector<float*> gradients = jointSlots(env, info[2], d, "gradients", true);
  const xlnlu::JointBatch batch = jointBatchOf(env, info[3], d, true);
  const auto objective = typedArrayValue<double>(env, info[4], "objective", 5);
  const double* o = objective.Data();
  if (!(o[2] >= 0 && o[2] < 1)) throw Napi::RangeError::New(env, "objective: dropout must be in [0, 1)");
  const auto [allowed, allowedStart] = constraintsAt(info, 5, d.K);
  const xlnlu::JointObjective objectiveArgs{
      static_cast<float>(o[0]), static_cast<float>(o[1]), static_cast<float>(o[2]), o[3], o[4], allowed, allowedStart};
  const double loss =
      xlnlu::activeDevice().jointLossAndGradients(d, weights.data(), batch, objectiveArgs, gradients.data());
  return Napi::Number::New(env, loss);
}

// jointProjections(dims Int32Array[17], weights[17], features?) → { words Float32Array [2·V·4H], bigrams
// Float32Array [2·Vb·4H] | null, folded Uint8Array [V] | null }. features: { folded Uint8Array [V], bigrams
// Int32Array [V·C] (with char bigrams), C, space Int32Array [V] (with space vectors) } (JointWordFeatures).
Napi::Value JointProjections(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const xlnlu::JointDims d = jointDimsOf(info);
  const std::vector<float*> weights = jointSlots(env, info[1], d, "weights", false);
  const size_t G = static_cast<size_t>(4) * d.H;
  const size_t V = d.V;
  xlnlu::JointWordFeatures features{nullptr, 0, nullptr, nullptr};
  Napi::Value folded = env.Null();
  if (info.Length() > 2 && given(info[2])) {
    if (!info[2].IsObject()) throw Napi::TypeError::New(env, "features: expected { folded, bigrams, C, space }");
    const auto object = info[2].As<Napi::Object>();
    const auto foldedArray = typedArrayValue<uint8_t>(env, object.Get("folded"), "features.folded", V);
    features.folded = foldedArray.Data();
    folded = foldedArray;
    if (d.Eb > 0) {
      features.C = positiveInt(info, object.Get("C"), "features.C");
      features.bigrams =
          typedArrayValue<int32_t>(env, object.Get("bigrams"), "features.bigrams", V * features.C).Data();
      checkIds(env, features.bigrams, V * features.C, d.Vb, "features.bigrams");
    }
    if (d.Es > 0) {
      features.space = typedArrayValue<int32_t>(env, object.Get("space"), "features.space", V).Data();
      checkIds(env, features.space, V, d.Vs, "features.space");
    }
  }
  auto words = Napi::Float32Array::New(env, 2 * V * G);
  Napi::Value bigrams = env.Null();
  float* bigramData = nullptr;
  if (d.Eb > 0) {
    auto array = Napi::Float32Array::New(env, 2 * d.Vb * G);
    bigramData = array.Data();
    bigrams = array;
  }
  xlnlu::activeDevice().jointProjections(d, weights.data(), features.folded ? &features : nullptr, words.Data(),
                                         bigramData);
  auto result = Napi::Object::New(env);
  result.Set("words", words);
  result.Set("bigrams", bigrams);
  result.Set("folded", folded);
  return result;
}

// jointPredict(dims Int32Array[17], weights[17], batch, allowed?, allowedStart?, tables?) → { tags Int32Array [B·T],
// probabilities Float32Array [B·I] }
Napi::Value JointPredict(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const xlnlu::JointDims d = jointDimsOf(info);
  const std::vector<float*> weights = jointSlots(env, info[1], d, "weights", false);
  const xlnlu::JointBatch batch = jointBatchOf(env, info[2], d, false);
  const auto [allowed, allowedStart] = constraintsAt(info, 3, d.K);
  const size_t G = static_cast<size_t>(4) * d.H;
  xlnlu::JointProjectionTables tables{nullptr, nullptr, nullptr};
  const bool tabled = info.Length() > 5 && given(info[5]);
  if (tabled) {
    if (!info[5].IsObject()) throw Napi::TypeError::New(env, "tables: expected { words, bigrams, folded }");
    const auto object = info[5].As<Napi::Object>();
    tables.words = typedArrayValue<float>(env, object.Get("words"), "tables.words", 2 * d.V * G).Data();
    if (d.Eb > 0)
      tables.bigrams = typedArrayValue<float>(env, object.Get("bigrams"), "tables.bigrams", 2 * d.Vb * G).Data();
    if (given(object.Get("folded")))
      tables.folded = typedArrayValue<uint8_t>(env, object.Get("folded"), "tables.folded", d.V).Data();
  }
  auto tags = Napi::Int32Array::New(env, static_cast<size_t>(d.B) * d.T);
  auto probabilities = Napi::Float32Array::New(env, static_cast<size_t>(d.B) * d.I);
  xlnlu::activeDevice().jointPredict(d, weights.data(), batch, allowed, allowedStart, tabled ? &tables : nullptr,
                                     tags.Data(), probabilities.Data());
  auto result = Napi::Object::New(env);
  result.Set("tags", tags);
  result.Set("probabilities", probabilities);
  return result;
}

}  // namespace

namespace xlnlu {

void exportJointBindings(Napi::Env env, Napi::Object exports) {
  exports.Set("jointLossAndGradients", Napi::Function::New(env, JointLossAndGradients));
  exports.Set("jointPredict", Napi::Function::New(env, JointPredict));
  exports.Set("jointProjections", Napi::Function::New(env, JointProjections));
}

}  // namespace xlnlu
