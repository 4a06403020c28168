// N-API bindings of the native compute core: typed arrays in, typed arrays out, every size checked
// (a wrong size is a TypeError naming the argument, never a read past an array's end). The
// networks' bindings are in joint_bindings.cc and ner_bindings.cc.
#include <napi.h>

#include <string>
#include <vector>

#include "adam.h"
#include "bilstm.h"
#include "binding_args.h"
#include "crf.h"
#include "device.h"
#include "joint_bindings.h"
#include "ner_bindings.h"
#include "parallel.h"

namespace {

using namespace xlnlu::args;
using xlnlu::BiLstmCache;
using xlnlu::BiLstmDims;

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
  xlnlu::activeDevice().adamUpdate(tensors, scalars);
  return env.Undefined();
}

// setThreads(n): threads the native core may use from now on; returns the count before.
Napi::Value SetThreads(const Napi::CallbackInfo& info) {
  const int previous = xlnlu::threadCount();
  xlnlu::setThreadCount(positiveInt(info, info[0], "threads"));
  return Napi::Number::New(info.Env(), previous);
}

// threads(): the threads the native core may use.
Napi::Value Threads(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), xlnlu::threadCount()); }

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("biLstmForward", Napi::Function::New(env, BiLstmForward));
  exports.Set("biLstmBackward", Napi::Function::New(env, BiLstmBackward));
  exports.Set("crfForwardBackward", Napi::Function::New(env, CrfForwardBackward));
  exports.Set("crfViterbi", Napi::Function::New(env, CrfViterbi));
  exports.Set("adamUpdate", Napi::Function::New(env, AdamUpdate));
  exports.Set("setThreads", Napi::Function::New(env, SetThreads));
  exports.Set("threads", Napi::Function::New(env, Threads));
  xlnlu::exportJointBindings(env, exports);
  xlnlu::exportNerBindings(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(xlnlu_native, Init)
