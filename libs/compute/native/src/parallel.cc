#include "parallel.h"

#include <atomic>

namespace xlnlu {
namespace {

int defaultThreads() {
  const unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 1 : static_cast<int>(cores);
}

std::atomic<int> threads{defaultThreads()};
thread_local bool insidePart = false;

}  // namespace

bool insideParallelPart() { return insidePart; }
void markParallelPart(bool inside) { insidePart = inside; }

int threadCount() { return threads.load(); }
void setThreadCount(int count) { threads.store(std::max(1, count)); }

}  // namespace xlnlu
