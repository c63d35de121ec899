// Milliseconds between laps, for the per-phase timings of match_runs.
#pragma once

#include <chrono>
#include <cstdint>

namespace xmatch::matcher {

class Stopwatch {
 public:
  // Milliseconds since construction or the previous Lap().
  int64_t Lap() {
    const auto now = std::chrono::steady_clock::now();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now - last_).count();
    last_ = now;
    return ms;
  }
  // Milliseconds since construction.
  int64_t Total() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now() - start_)
        .count();
  }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_ = start_;
};

}  // namespace xmatch::matcher
