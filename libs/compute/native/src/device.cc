#include "device.h"

#include "denormals.h"

namespace xlnlu {
namespace {

// The C++ kernels on the host's cores (parallel.h).
class CpuDevice final : public Device {
 public:
  const char* name() const override { return "cpu"; }
  double jointLossAndGradients(const JointDims& dims, const float* const* weights, const JointBatch& batch,
                               const JointObjective& objective, float* const* gradients) override {
    const FlushDenormals flush;
    return xlnlu::jointLossAndGradients(dims, weights, batch, objective, gradients);
  }
  void jointProjections(const JointDims& dims, const float* const* weights, const JointWordFeatures* features,
                        float* words, float* bigrams) override {
    const FlushDenormals flush;
    xlnlu::jointProjections(dims, weights, features, words, bigrams);
  }
  void jointPredict(const JointDims& dims, const float* const* weights, const JointBatch& batch, const float* allowed,
                    const float* allowedStart, const JointProjectionTables* tables, int32_t* tags,
                    float* probabilities) override {
    const FlushDenormals flush;
    xlnlu::jointPredict(dims, weights, batch, allowed, allowedStart, tables, tags, probabilities);
  }
  double nerLossAndGradients(const NerDims& dims, const float* const* weights, const NerBatch& batch,
                             const NerObjective& objective, float* const* gradients) override {
    const FlushDenormals flush;
    return xlnlu::nerLossAndGradients(dims, weights, batch, objective, gradients);
  }
  void nerPredict(const NerDims& dims, const float* const* weights, const NerBatch& batch, const float* allowed,
                  const float* allowedStart, int32_t* tags) override {
    const FlushDenormals flush;
    xlnlu::nerPredict(dims, weights, batch, allowed, allowedStart, tags);
  }
  void adamUpdate(const std::vector<AdamTensors>& tensors, const AdamScalars& scalars) override {
    const FlushDenormals flush;
    xlnlu::adamUpdate(tensors, scalars);
  }
};

}  // namespace

Device& activeDevice() {
  static CpuDevice cpu;
  return cpu;
}

}  // namespace xlnlu
