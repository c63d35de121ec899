// Splitting a loop over [0, n) into contiguous chunks run on several threads.
//
// The matcher's probe and rule phases are embarrassingly parallel: each chunk reads shared
// immutable data and writes only its own output slot, so no locking is needed. Chunks are
// contiguous and numbered in order, so concatenating per-chunk outputs by chunk number
// gives the same result as a serial run.
#pragma once

#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace xmatch::matcher {

// `requested` threads, or all cores when requested <= 0; at least 1.
inline int ResolveThreads(int requested) {
  if (requested > 0) return requested;
  return std::max(1u, std::thread::hardware_concurrency());
}

// How many chunks ParallelChunks will use: at most `threads`, and none smaller than
// `min_chunk` items (threads cost ~50 microseconds to start). At least 1.
inline size_t ChunkCount(size_t n, int threads, size_t min_chunk) {
  const size_t by_size = std::max<size_t>(1, n / std::max<size_t>(1, min_chunk));
  return std::min<size_t>(static_cast<size_t>(std::max(1, threads)), by_size);
}

// Calls fn(begin, end, chunk) for chunk = 0..chunks-1 covering [0, n) in order, each on
// its own thread (the last one on the caller's). Returns when all are done. `fn` must not
// throw.
template <typename Fn>
void ParallelChunks(size_t n, size_t chunks, Fn&& fn) {
  std::vector<std::thread> workers;
  workers.reserve(chunks - 1);
  for (size_t c = 0; c < chunks; ++c) {
    const size_t begin = n * c / chunks;
    const size_t end = n * (c + 1) / chunks;
    if (c + 1 == chunks) {
      fn(begin, end, c);
    } else {
      workers.emplace_back([&fn, begin, end, c] { fn(begin, end, c); });
    }
  }
  for (std::thread& t : workers) t.join();
}

}  // namespace xmatch::matcher
