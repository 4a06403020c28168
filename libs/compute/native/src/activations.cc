#include "activations.h"

#include <cmath>

namespace xlnlu {

void sigmoidInPlace(float* values, int n) {
  for (int i = 0; i < n; i++) values[i] = 1.f / (1.f + expf(-values[i]));
}

void tanhInPlace(float* values, int n) {
  for (int i = 0; i < n; i++) values[i] = tanhf(values[i]);
}

}  // namespace xlnlu
