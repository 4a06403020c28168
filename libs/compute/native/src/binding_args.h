#pragma once
// Reading the bindings' arguments: typed arrays of an exact size, positive integers and optional
// values, each wrong one a TypeError naming the argument (never a read past an array's end).
#include <napi.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace xlnlu::args {

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
struct ArrayKind<uint8_t> {
  static constexpr napi_typedarray_type type = napi_uint8_array;
  static constexpr const char* name = "Uint8Array";
};
template <>
struct ArrayKind<double> {
  static constexpr napi_typedarray_type type = napi_float64_array;
  static constexpr const char* name = "Float64Array";
};

// Argument `index` as a typed array of `Element` with exactly `expected` elements.
template <typename Element>
inline Napi::TypedArrayOf<Element> typedArray(const Napi::CallbackInfo& info, size_t index, const char* name,
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

inline Napi::Float32Array floats(const Napi::CallbackInfo& info, size_t index, const char* name, size_t expected) {
  return typedArray<float>(info, index, name, expected);
}

inline Napi::Float64Array doubles(const Napi::CallbackInfo& info, size_t index, const char* name, size_t expected) {
  return typedArray<double>(info, index, name, expected);
}

inline int positiveInt(const Napi::CallbackInfo& info, const Napi::Value& value, const char* name) {
  if (!value.IsNumber()) throw Napi::TypeError::New(info.Env(), std::string(name) + ": expected a number");
  const double number = value.As<Napi::Number>().DoubleValue();
  if (!(number >= 1) || number != static_cast<int>(number) || number > 1e8)
    throw Napi::TypeError::New(info.Env(), std::string(name) + ": expected a positive integer");
  return static_cast<int>(number);
}

// An optional argument: undefined or null is absent.
inline bool given(const Napi::Value& value) { return !value.IsUndefined() && !value.IsNull(); }

template <typename Element>
inline Napi::TypedArrayOf<Element> typedArrayValue(const Napi::Env& env, const Napi::Value& value,
                                                   const std::string& name, size_t expected) {
  if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != ArrayKind<Element>::type)
    throw Napi::TypeError::New(env, name + ": expected a " + ArrayKind<Element>::name);
  auto array = value.As<Napi::TypedArrayOf<Element>>();
  if (array.ElementLength() != expected)
    throw Napi::TypeError::New(env, name + ": expected " + std::to_string(expected) + " elements, got " +
                                        std::to_string(array.ElementLength()));
  return array;
}

// `count` weight (or gradient) slots from a JavaScript array: each a Float32Array of sizeOf(k)
// elements, or null / undefined where mayBeAbsent(k, size) allows; names[k] names slot k in errors.
template <typename SizeOf, typename MayBeAbsent>
std::vector<float*> weightSlots(const Napi::Env& env, const Napi::Value& value, uint32_t count,
                                const char* const* names, const char* what, SizeOf sizeOf, MayBeAbsent mayBeAbsent) {
  if (!value.IsArray() || value.As<Napi::Array>().Length() != count)
    throw Napi::TypeError::New(env, std::string(what) + ": expected an array of " + std::to_string(count) + " entries");
  const auto array = value.As<Napi::Array>();
  std::vector<float*> slots(count, nullptr);
  for (uint32_t k = 0; k < count; k++) {
    const size_t size = sizeOf(k);
    const Napi::Value entry = array[k];
    const std::string name = std::string(what) + "." + names[k];
    if (!given(entry)) {
      if (!mayBeAbsent(k, size)) throw Napi::TypeError::New(env, name + ": missing");
      continue;
    }
    slots[k] = typedArrayValue<float>(env, entry, name, size).Data();
  }
  return slots;
}

// Throws a RangeError naming the array (`what`, e.g. "batch.tokens") and index of the first id
// outside 0..limit−1 (a gather would read past its table).
inline void checkIds(const Napi::Env& env, const int32_t* ids, size_t n, int limit, const std::string& what) {
  for (size_t i = 0; i < n; i++)
    if (ids[i] < 0 || ids[i] >= limit)
      throw Napi::RangeError::New(env, what + "[" + std::to_string(i) + "] = " + std::to_string(ids[i]) +
                                           " is outside 0.." + std::to_string(limit - 1));
}

// A CRF's allowed [K,K] and allowedStart [K] at arguments `index` and `index + 1`, or both absent (null).
inline std::pair<const float*, const float*> constraintsAt(const Napi::CallbackInfo& info, size_t index, int K) {
  if (info.Length() <= index || !given(info[index])) return {nullptr, nullptr};
  const size_t k = K;
  return {typedArrayValue<float>(info.Env(), info[index], "allowed", k * k).Data(),
          typedArrayValue<float>(info.Env(), info[index + 1], "allowedStart", k).Data()};
}

}  // namespace xlnlu::args
