#pragma once
#include <algorithm>
#include <thread>
#include <vector>

#include "denormals.h"

namespace xlnlu {

// Threads the native core may use (setThreads from JavaScript; default: the machine's cores).
int threadCount();
void setThreadCount(int threads);

// Whether this thread runs a part of parallelParts (a nested call then runs its parts in turn).
bool insideParallelPart();
void markParallelPart(bool inside);

// Runs task(part) for part = 0..parts−1, on up to threadCount() threads (the caller's among them);
// inside a part, in turn on the calling thread. Parts are fixed by the caller, not by the thread
// count, so a reduction over parts in part order gives the same result whatever the threads; the
// call returns when every part has run.
// `worthThreads` false runs the parts in turn: for work smaller than a thread's start (~40 µs here),
// e.g. one utterance's BiLSTM when parsing.
template <typename Task>
void parallelParts(int parts, Task task, bool worthThreads = true) {
  const int threads = insideParallelPart() || !worthThreads ? 1 : std::min(parts, threadCount());
  if (threads <= 1) {
    for (int part = 0; part < parts; part++) task(part);
    return;
  }
  const unsigned mode = floatMode();
  const auto share = [&](int first) {
    const FloatModeScope sameMode(mode);  // a thread's floating-point mode is its own: the caller's, as if one thread
    markParallelPart(true);
    for (int part = first; part < parts; part += threads) task(part);
    markParallelPart(false);
  };
  std::vector<std::thread> workers;
  workers.reserve(threads - 1);
  for (int t = 1; t < threads; t++) workers.emplace_back(share, t);
  share(0);
  for (auto& worker : workers) worker.join();
}

}  // namespace xlnlu
