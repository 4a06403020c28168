#include "adam.h"

#include <algorithm>
#include <cmath>

#include "parallel.h"

namespace xlnlu {

void adamUpdate(const std::vector<AdamTensors>& tensors, const AdamScalars& a) {
  // element by element, so any split gives the same values: two halves of all the elements
  int64_t total = 0;
  for (const AdamTensors& t : tensors) total += t.n;
  const int parts = total < 65536 ? 1 : 2;
  parallelParts(parts, [&](int part) {
    const int64_t from = total * part / parts, to = total * (part + 1) / parts;
    int64_t offset = 0;
    for (const AdamTensors& t : tensors) {
      const int64_t begin = std::max<int64_t>(from - offset, 0), end = std::min<int64_t>(to - offset, t.n);
      for (int64_t i = begin; i < end; i++) {
        const float gi = t.gradient[i];
        const float mi = t.m[i] * a.beta1 + gi * a.oneMinusBeta1;
        const float vi = t.v[i] * a.beta2 + (gi * gi) * a.oneMinusBeta2;
        t.m[i] = mi;
        t.v[i] = vi;
        t.weights[i] = (mi / a.oneMinusAccBeta1) / (std::sqrt(vi / a.oneMinusAccBeta2) + a.epsilon) * -a.learningRate +
                       t.weights[i];
      }
      offset += t.n;
    }
  });
}

}  // namespace xlnlu
