// N-API bindings of the native compute core: typed arrays in, typed arrays out, every size checked
// (a wrong size is a TypeError naming the argument, never a read past an array's end).
#include <napi.h>

#include <string>
#include <vector>

#include "bilstm.h"
#include "crf.h"
#include "joint_step.h"
#include "parallel.h"

namespace {

using xlnlu::BiLstmCache;
using xlnlu::BiLstmDims;

template <typename Element>
struct ArrayKind;
template <>
struct ArrayKind<float> {
  static constexpr napi_typedarray_type type = napi_float32_array;
  static constexpr const char* name = "Float32Array";
};
template <>
struct ArrayKind<int32_t> {
  static constexpr napi_typedarray_type type = napi_int32_array;
  static constexpr const char* name = "Int32Array";
};
template <>
struct ArrayKind<double> {
  static constexpr napi_typedarray_type type = napi_float64_array;
  static constexpr const char* name = "Float64Array";
};

// Argument `index` as a typed array of `Element` with exactly `expected` elements.
template <typename Element>
Napi::TypedArrayOf<Element> typedArray(const Napi::CallbackInfo& info, size_t index, const char* name,
                                       size_t expected) {
  const Napi::Value value = info[index];
  if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != ArrayKind<Element>::type)
    throw Napi::TypeError::New(info.Env(), std::string(name) + ": expected a " + ArrayKind<Element>::name);
  auto array = value.As<Napi::TypedArrayOf<Element>>();
  if (array.ElementLength() != expected)
    throw Napi::TypeError::New(info.Env(), std::string(name) + ": expected " + std::to_string(expected) +
                                               " elements, got " + std::to_string(array.ElementLength()));
  return array;
}

Napi::Float32Array floats(const Napi::CallbackInfo& info, size_t index, const char* name, size_t expected) {
  return typedArray<float>(info, index, name, expected);
}

Napi::Float64Array doubles(const Napi::CallbackInfo& info, size_t index, const char* name, size_t expected) {
  return typedArray<double>(info, index, name, expected);
}

int positiveInt(const Napi::CallbackInfo& info, const Napi::Value& value, const char* name) {
  if (!value.IsNumber()) throw Napi::TypeError::New(info.Env(), std::string(name) + ": expected a number");
  const double number = value.As<Napi::Number>().DoubleValue();
  if (!(number >= 1) || number != static_cast<int>(number) || number > 1e8)
    throw Napi::TypeError::New(info.Env(), std::string(name) + ": expected a positive integer");
  return static_cast<int>(number);
}

BiLstmDims dimsOf(const Napi::CallbackInfo& info) {
  if (!info[0].IsArray() || info[0].As<Napi::Array>().Length() != 4)
    throw Napi::TypeError::New(info.Env(), "dims: expected [B, T, D, H]");
  const auto dims = info[0].As<Napi::Array>();
  return {positiveInt(info, dims[0u], "B"), positiveInt(info, dims[1u], "T"), positiveInt(info, dims[2u], "D"),
          positiveInt(info, dims[3u], "H")};
}

// The arguments both BiLSTM calls start with: [B,T,D,H], x, mask, kernel, recurrent.
struct BiLstmInputs {
  BiLstmDims d;
  size_t B, T, D, H;
  Napi::Float32Array x, mask, kernel, recurrent;
};

BiLstmInputs biLstmInputs(const Napi::CallbackInfo& info) {
  const BiLstmDims d = dimsOf(info);
  const size_t B = d.B, T = d.T, D = d.D, H = d.H;
  return {d,
          B,
          T,
          D,
          H,
          floats(info, 1, "x", B * T * D),
          floats(info, 2, "mask", B * T),
          floats(info, 3, "kernel", 2 * D * 4 * H),
          floats(info, 4, "recurrent", 2 * H * 4 * H)};
}

// biLstmForward([B,T,D,H], x, mask, kernel, recurrent, bias, keepCache) → { y, cache? }
Napi::Value BiLstmForward(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const BiLstmInputs in = biLstmInputs(info);
  const BiLstmDims& d = in.d;
  const size_t B = in.B, T = in.T, H = in.H;
  const auto &x = in.x, &mask = in.mask, &kernel = in.kernel, &recurrent = in.recurrent;
  const auto bias = floats(info, 5, "bias", 2 * 4 * H);
  const bool keepCache = info[6].ToBoolean();
  auto y = Napi::Float32Array::New(env, B * T * 2 * H);
  auto result = Napi::Object::New(env);
  result.Set("y", y);
  if (keepCache) {
    auto cache = Napi::Float32Array::New(env, xlnlu::biLstmCacheSize(d));
    const BiLstmCache views = xlnlu::biLstmCacheIn(d, cache.Data());
    xlnlu::biLstmForward(d, x.Data(), mask.Data(), kernel.Data(), recurrent.Data(), bias.Data(), y.Data(), &views);
    result.Set("cache", cache);
  } else {
    xlnlu::biLstmForward(d, x.Data(), mask.Data(), kernel.Data(), recurrent.Data(), bias.Data(), y.Data(), nullptr);
  }
  return result;
}

// biLstmBackward([B,T,D,H], x, mask, kernel, recurrent, cache, dy) → { dx, dKernel, dRecurrent, dBias }
Napi::Value BiLstmBackward(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const BiLstmInputs in = biLstmInputs(info);
  const BiLstmDims& d = in.d;
  const size_t B = in.B, T = in.T, D = in.D, H = in.H;
  const auto &x = in.x, &mask = in.mask, &kernel = in.kernel, &recurrent = in.recurrent;
  auto cacheArray = floats(info, 5, "cache (of biLstmForward with these dimensions)", xlnlu::biLstmCacheSize(d));
  const BiLstmCache cache = xlnlu::biLstmCacheIn(d, cacheArray.Data());
  const auto dy = floats(info, 6, "dy", B * T * 2 * H);
  auto dx = Napi::Float32Array::New(env, B * T * D);
  auto dKernel = Napi::Float32Array::New(env, 2 * D * 4 * H);
  auto dRecurrent = Napi::Float32Array::New(env, 2 * H * 4 * H);
  auto dBias = Napi::Float32Array::New(env, 2 * 4 * H);
  xlnlu::biLstmBackward(d, x.Data(), mask.Data(), kernel.Data(), recurrent.Data(), cache, dy.Data(), dx.Data(),
                        dKernel.Data(), dRecurrent.Data(), dBias.Data());
  auto result = Napi::Object::New(env);
  result.Set("dx", dx);
  result.Set("dKernel", dKernel);
  result.Set("dRecurrent", dRecurrent);
  result.Set("dBias", dBias);
  return result;
}

// The arguments both CRF calls start with: T, K, emissions [T,K], transitions [K,K], start [K], end [K].
struct ChainInputs {
  int T, K;
  size_t t, k;
  Napi::Float32Array emissions, transitions, start, end;
};

ChainInputs chainInputs(const Napi::CallbackInfo& info) {
  const int T = positiveInt(info, info[0], "T"), K = positiveInt(info, info[1], "K");
  const size_t t = T, k = K;
  return {T,
          K,
          t,
          k,
          floats(info, 2, "emissions", t * k),
          floats(info, 3, "transitions", k * k),
          floats(info, 4, "start", k),
          floats(info, 5, "end", k)};
}

// crfForwardBackward(T, K, emissions, transitions, start, end, marginals, pairMarginals) → log Z
Napi::Value CrfForwardBackward(const Napi::CallbackInfo& info) {
  const ChainInputs in = chainInputs(info);
  const int T = in.T, K = in.K;
  const size_t t = in.t, k = in.k;
  const auto &emissions = in.emissions, &transitions = in.transitions, &start = in.start, &end = in.end;
  auto marginals = doubles(info, 6, "marginals", t * k);
  auto pairMarginals = doubles(info, 7, "pairMarginals", k * k);
  const double logZ = xlnlu::crfForwardBackward(T, K, emissions.Data(), transitions.Data(), start.Data(), end.Data(),
                                                marginals.Data(), pairMarginals.Data());
  return Napi::Number::New(info.Env(), logZ);
}

// crfViterbi(T, K, emissions, transitions, start, end, allowed?, allowedStart?) → Int32Array path
Napi::Value CrfViterbi(const Napi::CallbackInfo& info) {
  const ChainInputs in = chainInputs(info);
  const int T = in.T, K = in.K;
  const size_t t = in.t, k = in.k;
  const auto &emissions = in.emissions, &transitions = in.transitions, &start = in.start, &end = in.end;
  const bool constrained = info.Length() > 6 && !info[6].IsUndefined() && !info[6].IsNull();
  const float* allowed = constrained ? floats(info, 6, "allowed", k * k).Data() : nullptr;
  const float* allowedStart = constrained ? floats(info, 7, "allowedStart", k).Data() : nullptr;
  auto path = Napi::Int32Array::New(info.Env(), t);
  xlnlu::crfViterbi(T, K, emissions.Data(), transitions.Data(), start.Data(), end.Data(), allowed, allowedStart,
                    path.Data());
  return path;
}

// An optional argument: undefined or null is absent.
bool given(const Napi::Value& value) { return !value.IsUndefined() && !value.IsNull(); }

template <typename Element>
Napi::TypedArrayOf<Element> typedArrayValue(const Napi::Env& env, const Napi::Value& value, const std::string& name,
                                            size_t expected) {
  if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != ArrayKind<Element>::type)
    throw Napi::TypeError::New(env, name + ": expected a " + ArrayKind<Element>::name);
  auto array = value.As<Napi::TypedArrayOf<Element>>();
  if (array.ElementLength() != expected)
    throw Napi::TypeError::New(env, name + ": expected " + std::to_string(expected) + " elements, got " +
                                        std::to_string(array.ElementLength()));
  return array;
}

constexpr const char* kJointWeightNames[] = {
    "words",         "bigrams",      "space",       "lstmKernel", "lstmRecurrent", "lstmBias",
    "emitKernel",    "emitBias",     "transitions", "start",      "end",           "ngrams",
    "hiddenKernel",  "hiddenBias",   "outKernel",   "outBias"};

xlnlu::JointDims jointDimsOf(const Napi::CallbackInfo& info) {
  const auto dims = typedArrayValue<int32_t>(info.Env(), info[0], "dims", 16);
  const int32_t* v = dims.Data();
  for (int i = 0; i < 16; i++)
    if (v[i] < 0) throw Napi::TypeError::New(info.Env(), "dims: sizes must not be negative");
  if (v[0] < 1 || v[1] < 1 || v[4] < 1 || v[5] < 1 || v[10] < 1 || v[11] < 1 || v[14] < 1 || v[15] < 1)
    throw Napi::TypeError::New(info.Env(), "dims: B, T, V, E, H, K, Hi and I must be positive");
  return {v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14], v[15]};
}

// The weight (or gradient) slots: each a Float32Array of its size, or null where `optional` allows.
std::vector<float*> jointSlots(const Napi::Env& env, const Napi::Value& value, const xlnlu::JointDims& d,
                               const char* what, bool gradients) {
  if (!value.IsArray() || value.As<Napi::Array>().Length() != xlnlu::kJointWeights)
    throw Napi::TypeError::New(env, std::string(what) + ": expected an array of " +
                                        std::to_string(xlnlu::kJointWeights) + " entries");
  const auto array = value.As<Napi::Array>();
  std::vector<float*> slots(xlnlu::kJointWeights, nullptr);
  for (uint32_t k = 0; k < xlnlu::kJointWeights; k++) {
    const auto slot = static_cast<xlnlu::JointWeight>(k);
    const size_t size = xlnlu::jointWeightSize(d, slot);
    const Napi::Value entry = array[k];
    const std::string name = std::string(what) + "." + kJointWeightNames[k];
    // absent: an optional part the dims leave out; for gradients also the fixed space and frozen weights
    if (!given(entry)) {
      if (size > 0 && !gradients) throw Napi::TypeError::New(env, name + ": missing");
      continue;
    }
    if (gradients && slot == xlnlu::kSpace) throw Napi::TypeError::New(env, name + ": the space vectors are fixed");
    slots[k] = typedArrayValue<float>(env, entry, name, size).Data();
  }
  return slots;
}

// A joint batch's arrays, each checked for its size and its ids for their tables; tags and
// intents only `withGold`.
xlnlu::JointBatch jointBatchOf(const Napi::Env& env, const Napi::Value& value, const xlnlu::JointDims& d, bool withGold) {
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
  auto checkIds = [&](const int32_t* ids, size_t n, int limit, const char* what) {
    for (size_t i = 0; i < n; i++)
      if (ids[i] < 0 || ids[i] >= limit)
        throw Napi::RangeError::New(env, std::string("batch.") + what + "[" + std::to_string(i) + "] = " +
                                             std::to_string(ids[i]) + " is outside 0.." + std::to_string(limit - 1));
  };
  checkIds(batch.tokens, rows, d.V, "tokens");
  if (batch.bigrams) checkIds(batch.bigrams, rows * d.C, d.Vb, "bigrams");
  if (batch.space) checkIds(batch.space, rows, d.Vs, "space");
  if (batch.ngrams) checkIds(batch.ngrams, static_cast<size_t>(d.B) * d.N, d.Vn, "ngrams");
  if (withGold) {
    checkIds(batch.tags, rows, d.K, "tags");
    checkIds(batch.intents, d.B, d.I, "intents");
  }
  return batch;
}

// jointLossAndGradients(dims Int32Array[16], weights[16], gradients[16], batch, objective Float64Array[5],
// allowed?, allowedStart?) → loss. dims: B T C N V E Vb Eb Vs Es H K Vn En Hi I (see joint_step.h).
Napi::Value JointLossAndGradients(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const xlnlu::JointDims d = jointDimsOf(info);
  if ((d.Eb > 0) != (d.C > 0) || (d.En > 0) != (d.N > 0))
    throw Napi::TypeError::New(env, "dims: C and Eb (char bigrams), N and En (n-grams) are both set or both 0");
  const std::vector<float*> weights = jointSlots(env, info[1], d, "weights", false);
  const std::vector<float*> gradients = jointSlots(env, info[2], d, "gradients", true);
  const xlnlu::JointBatch batch = jointBatchOf(env, info[3], d, true);
  const auto objective = typedArrayValue<double>(env, info[4], "objective", 5);
  const double* o = objective.Data();
  if (!(o[2] >= 0 && o[2] < 1)) throw Napi::RangeError::New(env, "objective: dropout must be in [0, 1)");
  const bool constrained = info.Length() > 5 && given(info[5]);
  const size_t k = d.K;
  xlnlu::JointObjective objectiveArgs{
      static_cast<float>(o[0]),
      static_cast<float>(o[1]),
      static_cast<float>(o[2]),
      o[3],
      o[4],
      constrained ? typedArrayValue<float>(env, info[5], "allowed", k * k).Data() : nullptr,
      constrained ? typedArrayValue<float>(env, info[6], "allowedStart", k).Data() : nullptr};
  const double loss = xlnlu::jointLossAndGradients(d, weights.data(), batch, objectiveArgs, gradients.data());
  return Napi::Number::New(env, loss);
}

// jointProjections(dims Int32Array[16], weights[16]) → { words Float32Array [2·V·4H], bigrams Float32Array [2·Vb·4H] | null }
Napi::Value JointProjections(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const xlnlu::JointDims d = jointDimsOf(info);
  const std::vector<float*> weights = jointSlots(env, info[1], d, "weights", false);
  const size_t G = static_cast<size_t>(4) * d.H;
  auto words = Napi::Float32Array::New(env, 2 * d.V * G);
  Napi::Value bigrams = env.Null();
  float* bigramData = nullptr;
  if (d.Eb > 0) {
    auto array = Napi::Float32Array::New(env, 2 * d.Vb * G);
    bigramData = array.Data();
    bigrams = array;
  }
  xlnlu::jointProjections(d, weights.data(), words.Data(), bigramData);
  auto result = Napi::Object::New(env);
  result.Set("words", words);
  result.Set("bigrams", bigrams);
  return result;
}

// jointPredict(dims Int32Array[16], weights[16], batch, allowed?, allowedStart?, tables?) → { tags Int32Array [B·T], probabilities Float32Array [B·I] }
Napi::Value JointPredict(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const xlnlu::JointDims d = jointDimsOf(info);
  if ((d.Eb > 0) != (d.C > 0) || (d.En > 0) != (d.N > 0))
    throw Napi::TypeError::New(env, "dims: C and Eb (char bigrams), N and En (n-grams) are both set or both 0");
  const std::vector<float*> weights = jointSlots(env, info[1], d, "weights", false);
  const xlnlu::JointBatch batch = jointBatchOf(env, info[2], d, false);
  const bool constrained = info.Length() > 3 && given(info[3]);
  const size_t k = d.K;
  const float* allowed = constrained ? typedArrayValue<float>(env, info[3], "allowed", k * k).Data() : nullptr;
  const float* allowedStart = constrained ? typedArrayValue<float>(env, info[4], "allowedStart", k).Data() : nullptr;
  const size_t G = static_cast<size_t>(4) * d.H;
  xlnlu::JointProjectionTables tables{nullptr, nullptr};
  const bool tabled = info.Length() > 5 && given(info[5]);
  if (tabled) {
    if (!info[5].IsObject()) throw Napi::TypeError::New(env, "tables: expected { words, bigrams }");
    const auto object = info[5].As<Napi::Object>();
    tables.words = typedArrayValue<float>(env, object.Get("words"), "tables.words", 2 * d.V * G).Data();
    if (d.Eb > 0) tables.bigrams = typedArrayValue<float>(env, object.Get("bigrams"), "tables.bigrams", 2 * d.Vb * G).Data();
  }
  auto tags = Napi::Int32Array::New(env, static_cast<size_t>(d.B) * d.T);
  auto probabilities = Napi::Float32Array::New(env, static_cast<size_t>(d.B) * d.I);
  xlnlu::jointPredict(d, weights.data(), batch, allowed, allowedStart, tabled ? &tables : nullptr, tags.Data(),
                      probabilities.Data());
  auto result = Napi::Object::New(env);
  result.Set("tags", tags);
  result.Set("probabilities", probabilities);
  return result;
}

// adamUpdate(tensors: [weights, m, v, gradient][], hyper Float64Array[8]): lr β1 β2 1−β1 1−β2 ε 1−β1ᵗ 1−β2ᵗ, in place.
Napi::Value AdamUpdate(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  if (!info[0].IsArray()) throw Napi::TypeError::New(env, "tensors: expected an array of [weights, m, v, gradient]");
  const auto list = info[0].As<Napi::Array>();
  std::vector<xlnlu::AdamTensors> tensors;
  for (uint32_t i = 0; i < list.Length(); i++) {
    const Napi::Value entry = list[i];
    const std::string name = "tensors[" + std::to_string(i) + "]";
    if (!entry.IsArray() || entry.As<Napi::Array>().Length() != 4)
      throw Napi::TypeError::New(env, name + ": expected [weights, m, v, gradient]");
    const auto four = entry.As<Napi::Array>();
    const Napi::Value first = four[0u];
    if (!first.IsTypedArray()) throw Napi::TypeError::New(env, name + ".weights: expected a Float32Array");
    const size_t n = first.As<Napi::TypedArray>().ElementLength();
    tensors.push_back({typedArrayValue<float>(env, four[0u], name + ".weights", n).Data(),
                       typedArrayValue<float>(env, four[1u], name + ".m", n).Data(),
                       typedArrayValue<float>(env, four[2u], name + ".v", n).Data(),
                       typedArrayValue<float>(env, four[3u], name + ".gradient", n).Data(), static_cast<int64_t>(n)});
  }
  const double* h = typedArrayValue<double>(env, info[1], "hyper", 8).Data();
  const xlnlu::AdamScalars scalars{static_cast<float>(h[0]), static_cast<float>(h[1]), static_cast<float>(h[2]),
                                   static_cast<float>(h[3]), static_cast<float>(h[4]), static_cast<float>(h[5]),
                                   static_cast<float>(h[6]), static_cast<float>(h[7])};
  xlnlu::adamUpdate(tensors, scalars);
  return env.Undefined();
}

// setThreads(n): threads the native core may use from now on; returns the count before.
Napi::Value SetThreads(const Napi::CallbackInfo& info) {
  const int previous = xlnlu::threadCount();
  xlnlu::setThreadCount(positiveInt(info, info[0], "threads"));
  return Napi::Number::New(info.Env(), previous);
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("biLstmForward", Napi::Function::New(env, BiLstmForward));
  exports.Set("biLstmBackward", Napi::Function::New(env, BiLstmBackward));
  exports.Set("crfForwardBackward", Napi::Function::New(env, CrfForwardBackward));
  exports.Set("crfViterbi", Napi::Function::New(env, CrfViterbi));
  exports.Set("jointLossAndGradients", Napi::Function::New(env, JointLossAndGradients));
  exports.Set("jointPredict", Napi::Function::New(env, JointPredict));
  exports.Set("jointProjections", Napi::Function::New(env, JointProjections));
  exports.Set("adamUpdate", Napi::Function::New(env, AdamUpdate));
  exports.Set("setThreads", Napi::Function::New(env, SetThreads));
  return exports;
}

}  // namespace

NODE_API_MODULE(xlnlu_native, Init)
