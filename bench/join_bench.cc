// join_bench: the matcher's join core alone. Builds a JoinHashTable on N random roll keys
// and probes it with M keys, half of them present, on 1 and 2 threads; prints probes per
// second and the index's bytes per roll row.
//
//   join_bench                 # 1M x 4M, then 5M x 20M
//   join_bench ROWS PROBES     # one configuration
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <utility>
#include <vector>

#include "matcher/join_hash_table.h"

namespace {

using Clock = std::chrono::steady_clock;
using xmatch::matcher::JoinHashTable;
using xmatch::matcher::ProbeMatches;

// SplitMix64: uniform 64-bit keys, like token digests.
uint64_t Next(uint64_t* state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

int Run(size_t rows, size_t probes) {
  uint64_t state = 20260101;
  std::vector<uint64_t> build(rows);
  for (uint64_t& k : build) k = Next(&state);
  std::vector<uint64_t> probe(probes);
  for (uint64_t& k : probe) {
    const uint64_t r = Next(&state);
    k = (r & 1) != 0 ? build[(r >> 1) % rows] : Next(&state);
  }

  const auto build_start = Clock::now();
  auto table = JoinHashTable::Build(build);
  const double build_s = Seconds(build_start);
  if (!table.ok()) {
    std::fprintf(stderr, "build failed: %s\n", table.status().ToString().c_str());
    return 1;
  }
  std::printf("build   %9zu roll keys   %7.1f ms  %6.1f M rows/s  index %6.1f MiB  %5.1f bytes/roll row\n",
              rows, build_s * 1e3, rows / build_s / 1e6, table->memory_bytes() / 1048576.0,
              static_cast<double>(table->memory_bytes()) / rows);
  for (int threads : {1, 2}) {
    double best = 1e9;
    size_t matches = 0;
    for (int rep = 0; rep < 3; ++rep) {
      const auto start = Clock::now();
      const ProbeMatches found = table->ProbeAll(probe, threads);
      best = std::min(best, Seconds(start));
      matches = found.size();
    }
    std::printf("probe   %9zu keys  %d thread%s  %7.1f ms  %6.1f M probes/s  (%zu hits)\n",
                probes, threads, threads == 1 ? " " : "s", best * 1e3, probes / best / 1e6,
                matches);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3) return Run(std::strtoull(argv[1], nullptr, 10), std::strtoull(argv[2], nullptr, 10));
  if (argc != 1) {
    std::fprintf(stderr, "usage: join_bench [ROLL_ROWS PROBE_KEYS]\n");
    return 2;
  }
  const std::pair<size_t, size_t> configs[] = {{1'000'000, 4'000'000}, {5'000'000, 20'000'000}};
  for (auto [rows, probes] : configs) {
    if (int rc = Run(rows, probes); rc != 0) return rc;
  }
  return 0;
}
