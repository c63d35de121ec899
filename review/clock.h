// The review server's notion of "now", injectable so tests can move time forward
// (session idle timeout, login slow-down) without sleeping.
#pragma once

#include <chrono>
#include <functional>

namespace xmatch::review {

using Clock = std::function<std::chrono::system_clock::time_point()>;

inline Clock SystemClock() {
  return [] { return std::chrono::system_clock::now(); };
}

// Microseconds since the Unix epoch: how times cross into SQL
// ('epoch'::timestamptz + $n * interval '1 microsecond').
inline long long EpochMicros(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

}  // namespace xmatch::review
