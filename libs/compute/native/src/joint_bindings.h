#pragma once
#include <napi.h>

namespace xlnlu {

// Adds jointLossAndGradients, jointPredict and jointProjections to the module's exports.
void exportJointBindings(Napi::Env env, Napi::Object exports);

}  // namespace xlnlu
