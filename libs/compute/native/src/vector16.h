#pragma once
#include <cstdint>
#include <cstring>

namespace xlnlu {

// Sixteen floats (or ints) as one value, in GCC's vector extensions: an AVX-512 register where the
// machine has one (-march=native), pairs or quads of narrower ones elsewhere. Unaligned: loads and
// stores go through memcpy, which compiles to one unaligned move.
typedef float v16 __attribute__((vector_size(64), aligned(4)));
typedef int32_t vi16 __attribute__((vector_size(64), aligned(4)));

inline v16 load16(const float* p) {
  v16 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store16(float* p, v16 v) { std::memcpy(p, &v, sizeof v); }
inline vi16 loadInts16(const int32_t* p) {
  vi16 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void storeInts16(int32_t* p, vi16 v) { std::memcpy(p, &v, sizeof v); }

}  // namespace xlnlu
