#pragma once

namespace xlnlu {

// In place over n floats. Compiled on their own with -ffast-math, which lets GCC call glibc's
// vector exp/tanh (libmvec) 8 or 16 lanes at a time: the LSTM's gates were a third of its forward
// time with scalar calls. Nothing else is built with -ffast-math (the CRF relies on infinities).
void sigmoidInPlace(float* values, int n);
void tanhInPlace(float* values, int n);

}  // namespace xlnlu
