// DemoRandom: the demo generator's source of randomness. std::mt19937_64's output is
// fixed by the C++ standard (unlike the std:: distributions), and every draw below maps
// it with plain integer arithmetic, so a seed gives the same county on every platform.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

namespace xmatch::demo {

class DemoRandom {
 public:
  explicit DemoRandom(uint64_t seed) : engine_(seed) {}

  // Uniform in [lo, hi], both inclusive (lo <= hi).
  int64_t Between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(engine_() % static_cast<uint64_t>(hi - lo + 1));
  }
  // True with probability `percent` / 100 (steps of 0.01%).
  bool Percent(double percent) { return Between(0, 9999) < static_cast<int64_t>(percent * 100); }
  // An index drawn with the given non-negative weights (at least one positive).
  size_t Weighted(const std::vector<int>& weights) {
    int64_t total = 0;
    for (int w : weights) total += w;
    int64_t r = Between(0, total - 1);
    for (size_t i = 0; i < weights.size(); ++i) {
      if (r < weights[i]) return i;
      r -= weights[i];
    }
    return weights.size() - 1;
  }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[static_cast<size_t>(Between(0, static_cast<int64_t>(items.size()) - 1))];
  }

 private:
  std::mt19937_64 engine_;
};

}  // namespace xmatch::demo
