#pragma once
#if defined(__x86_64__)
#include <xmmintrin.h>
#endif

namespace xlnlu {

// The floating-point mode of this thread (x86's MXCSR: rounding, and whether denormals are flushed).
inline unsigned floatMode() {
#if defined(__x86_64__)
  return _mm_getcsr();
#else
  return 0;
#endif
}

// Sets this thread's floating-point mode while in scope, then restores the one it had.
class FloatModeScope {
 public:
  explicit FloatModeScope(unsigned mode) : saved_(floatMode()) { set(mode); }
  ~FloatModeScope() { set(saved_); }
  FloatModeScope(const FloatModeScope&) = delete;
  FloatModeScope& operator=(const FloatModeScope&) = delete;

 private:
  static void set(unsigned mode) {
#if defined(__x86_64__)
    _mm_setcsr(mode);
#else
    (void)mode;
#endif
  }
  unsigned saved_;
};

// Flushes denormal floats to zero (FTZ and DAZ) on this thread while in scope; parallelParts hands
// the mode to its worker threads. JavaScript's own arithmetic on the thread keeps IEEE denormals
// (the mode is restored). Why: Adam's moments of rows a batch does not touch decay by β every
// step into the denormal range, where each multiplication takes many times as long; without it
// Adam's update went from 0.9 to 1.6 ms per step after ~800 steps of the joint network
// (tools/bench/src/profile-native-step.ts sizes). Values below 1.2e-38 are zero for every purpose
// here.
class FlushDenormals : public FloatModeScope {
 public:
#if defined(__x86_64__)
  FlushDenormals() : FloatModeScope(floatMode() | 0x8040) {}
#else
  FlushDenormals() : FloatModeScope(0) {}
#endif
};

}  // namespace xlnlu
