// N-API bindings of the native NER network (ner_step.h): its loss and gradients, its predictions.
#include "ner_bindings.h"

#include <string>
#include <vector>

#include "binding_args.h"
#include "device.h"
#include "ner_step.h"

namespace {

using namespace xlnlu::args;

constexpr const char* kNerWeightNames[] = {
    "charEmbeddings", "charKernel", "charRecurrent", "charBias",    "wordEmbeddings", "wordKernel", "wordRecurrent",
    "wordBias",       "emitKernel", "emitBias",      "transitions", "start",          "end"};

// dims Int32Array[11]: B T C Vc Ec Hc Vw Ew Hw K crf
xlnlu::NerDims nerDimsOf(const Napi::CallbackInfo& info) {
  const auto dims = typedArrayValue<int32_t>(info.Env(), info[0], "dims", 11);
  const int32_t* v = dims.Data();
  for (int i = 0; i < 10; i++)
    if (v[i] < 1) throw Napi::TypeError::New(info.Env(), "dims: B T C Vc Ec Hc Vw Ew Hw K must be positive");
  if (v[10] != 0 && v[10] != 1) throw Napi::TypeError::New(info.Env(), "dims: crf must be 0 or 1");
  return {v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10]};
}

std::vector<float*> nerSlots(const Napi::Env& env, const Napi::Value& value, const xlnlu::NerDims& d, const char* what,
                             bool gradients) {
  const auto sizeOf = [&](uint32_t k) { return xlnlu::nerWeightSize(d, static_cast<xlnlu::NerWeight>(k)); };
  return weightSlots(env, value, xlnlu::kNerWeights, kNerWeightNames, what, sizeOf,
                     [&](uint32_t, size_t size) { return gradients || size == 0; });
}

xlnlu::NerBatch nerBatchOf(const Napi::Env& env, const Napi::Value& value, const xlnlu::NerDims& d, bool withGold) {
  if (!value.IsObject()) throw Napi::TypeError::New(env, "batch: expected an object");
  const auto object = value.As<Napi::Object>();
  const size_t rows = static_cast<size_t>(d.B) * d.T;
  xlnlu::NerBatch batch{
      typedArrayValue<int32_t>(env, object.Get("words"), "batch.words", rows).Data(),
      typedArrayValue<int32_t>(env, object.Get("chars"), "batch.chars", rows * d.C).Data(),
      typedArrayValue<float>(env, object.Get("mask"), "batch.mask", rows).Data(),
      withGold ? typedArrayValue<int32_t>(env, object.Get("tags"), "batch.tags", rows).Data() : nullptr};
  checkIds(env, batch.words, rows, d.Vw, "batch.words");
  checkIds(env, batch.chars, rows * d.C, d.Vc, "batch.chars");
  if (withGold) checkIds(env, batch.tags, rows, d.K, "batch.tags");
  return batch;
}

// nerLossAndGradients(dims, weights[13], gradients[13], batch {words, chars, mask, tags},
// objective Float64Array[3] (dropout, input stream, state stream), allowed?, allowedStart?) → loss
Napi::Value NerLossAndGradients(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const xlnlu::NerDims d = nerDimsOf(info);
  const std::vector<float*> weights = nerSlots(env, info[1], d, "weights", false);
  const std::vector<float*> gradients = nerSlots(env, info[2], d, "gradients", true);
  const xlnlu::NerBatch batch = nerBatchOf(env, info[3], d, true);
  const double* o = typedArrayValue<double>(env, info[4], "objective", 3).Data();
  if (!(o[0] >= 0 && o[0] < 1)) throw Napi::RangeError::New(env, "objective: dropout must be in [0, 1)");
  const auto [allowed, allowedStart] = constraintsAt(info, 5, d.K);
  const xlnlu::NerObjective objective{static_cast<float>(o[0]), o[1], o[2], allowed, allowedStart};
  return Napi::Number::New(
      env, xlnlu::activeDevice().nerLossAndGradients(d, weights.data(), batch, objective, gradients.data()));
}

// nerPredict(dims, weights[13], batch {words, chars, mask}, allowed?, allowedStart?) → Int32Array tags [B·T]
Napi::Value NerPredict(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const xlnlu::NerDims d = nerDimsOf(info);
  const std::vector<float*> weights = nerSlots(env, info[1], d, "weights", false);
  const xlnlu::NerBatch batch = nerBatchOf(env, info[2], d, false);
  const auto [allowed, allowedStart] = constraintsAt(info, 3, d.K);
  auto tags = Napi::Int32Array::New(env, static_cast<size_t>(d.B) * d.T);
  xlnlu::activeDevice().nerPredict(d, weights.data(), batch, allowed, allowedStart, tags.Data());
  return tags;
}

}  // namespace

namespace xlnlu {

void exportNerBindings(Napi::Env env, Napi::Object exports) {
  exports.Set("nerLossAndGradients", Napi::Function::New(env, NerLossAndGradients));
  exports.Set("nerPredict", Napi::Function::New(env, NerPredict));
}

}  // namespace xlnlu
