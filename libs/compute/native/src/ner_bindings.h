#pragma once
#include <napi.h>

namespace xlnlu {

// Adds nerLossAndGradients and nerPredict to the module's exports.
void exportNerBindings(Napi::Env env, Napi::Object exports);

}  // namespace xlnlu
