#pragma once
#include <cstdint>
#include <vector>

namespace xlnlu {

// Adam as TensorFlow.js's AdamOptimizer computes it, in float32 and in its order of operations:
// m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², w ← w − lr · (m / (1−β₁ᵗ)) / (√(v / (1−β₂ᵗ)) + ε).
// The scalars are float32 as TensorFlow.js makes them (1−β₁ is the float32 of the double 1 − 0.9).
struct AdamScalars {
  float learningRate, beta1, beta2, oneMinusBeta1, oneMinusBeta2, epsilon, oneMinusAccBeta1, oneMinusAccBeta2;
};
struct AdamTensors {
  float *weights, *m, *v;
  const float* gradient;
  int64_t n;
};
// One step on every tensor, in place.
void adamUpdate(const std::vector<AdamTensors>& tensors, const AdamScalars& scalars);

}  // namespace xlnlu
