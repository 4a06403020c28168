#pragma once
#include <vector>

#include "adam.h"
#include "joint_step.h"
#include "ner_step.h"

namespace xlnlu {

// Where the networks' kernels run: the seam for accelerators. The bindings call the active device,
// never the CPU functions directly, so a CUDA device (weights mirrored on the GPU between calls,
// the batch copied in, the gradients or predictions copied out) could sit beside CpuDevice and be
// chosen when one is present, without a change to the bindings or to TypeScript. Only the CPU
// device exists: no GPU is lent to this project, and no GPU code is written that cannot be tested.
class Device {
 public:
  virtual ~Device() = default;
  virtual const char* name() const = 0;
  virtual double jointLossAndGradients(const JointDims& dims, const float* const* weights, const JointBatch& batch,
                                       const JointObjective& objective, float* const* gradients) = 0;
  virtual void jointProjections(const JointDims& dims, const float* const* weights, const JointWordFeatures* features,
                                float* words, float* bigrams) = 0;
  virtual void jointPredict(const JointDims& dims, const float* const* weights, const JointBatch& batch,
                            const float* allowed, const float* allowedStart, const JointProjectionTables* tables,
                            int32_t* tags, float* probabilities) = 0;
  virtual double nerLossAndGradients(const NerDims& dims, const float* const* weights, const NerBatch& batch,
                                     const NerObjective& objective, float* const* gradients) = 0;
  virtual void nerPredict(const NerDims& dims, const float* const* weights, const NerBatch& batch, const float* allowed,
                          const float* allowedStart, int32_t* tags) = 0;
  virtual void adamUpdate(const std::vector<AdamTensors>& tensors, const AdamScalars& scalars) = 0;
};

// The device the bindings use (the CPU one).
Device& activeDevice();

}  // namespace xlnlu
