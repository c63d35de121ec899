#include "matcher/join_hash_table.h"

#include <algorithm>
#include <string>

#include "matcher/parallel.h"

namespace xmatch::matcher {
namespace {

// Keys whose home slots are prefetched together. Enough to overlap a DRAM latency's worth
// of misses; small enough that the batch's slots are still in cache when compared.
constexpr size_t kProbeBatch = 32;
// How far ahead of the insert the build prefetches.
constexpr size_t kBuildPrefetchDistance = 16;
// Smallest probe chunk worth a thread of its own.
constexpr size_t kMinProbeChunk = 1 << 16;

// One line per slot. One slot in eight straddles two lines; fetching the second too
// measured no faster (the adjacent-line prefetcher brings it).
inline void PrefetchSlot(const void* slot) { __builtin_prefetch(slot); }

}  // namespace

Result<JoinHashTable> JoinHashTable::Build(std::span<const uint64_t> keys) {
  const size_t n = keys.size();
  if (n > kMaxRows) {
    return Status::InvalidArgument("join table: " + std::to_string(n) +
                                   " build rows, more than the limit of " +
                                   std::to_string(kMaxRows) + "; split the run into shards");
  }
  JoinHashTable t;
  size_t capacity = kMinCapacity;
  while (capacity < 2 * n) capacity *= 2;
  t.slots_.assign(capacity, Slot{0, kEmpty});
  t.mask_ = capacity - 1;
  t.build_rows_ = n;

  // Rows of a shared key are chained through `next` (newest first) while inserting, then
  // copied into groups_. Only allocated once a second row of some key turns up.
  std::vector<uint32_t> next;
  Slot* slots = t.slots_.data();
  for (size_t r = 0; r < n; ++r) {
    if (r + kBuildPrefetchDistance < n) {
      PrefetchSlot(&slots[keys[r + kBuildPrefetchDistance] & t.mask_]);
    }
    const uint64_t key = keys[r];
    for (uint64_t s = key & t.mask_;; s = (s + 1) & t.mask_) {
      const uint32_t head = slots[s].rows;
      if (head == kEmpty) {
        slots[s] = Slot{key, static_cast<uint32_t>(r)};
        ++t.distinct_keys_;
        break;
      }
      if (slots[s].key == key) {
        if (next.empty()) next.assign(n, kEmpty);
        next[r] = head;
        slots[s].rows = static_cast<uint32_t>(r);
        break;
      }
    }
  }
  if (next.empty()) return t;

  for (size_t s = 0; s < capacity; ++s) {
    const uint32_t head = slots[s].rows;
    if (head == kEmpty || next[head] == kEmpty) continue;
    uint32_t count = 0;
    for (uint32_t r = head; r != kEmpty; r = next[r]) ++count;
    const size_t offset = t.groups_.size();
    if (offset + 1 + count > kGroupBit) {
      return Status::InvalidArgument("join table: too many rows on shared keys (" +
                                     std::to_string(offset) + "); split the run into shards");
    }
    t.groups_.resize(offset + 1 + count);
    t.groups_[offset] = count;
    // The chain runs newest (highest row) first: fill the group from its end.
    uint32_t* out = t.groups_.data() + offset + count;
    for (uint32_t r = head; r != kEmpty; r = next[r]) *out-- = r;
    slots[s].rows = static_cast<uint32_t>(offset) | kGroupBit;
  }
  return t;
}

uint32_t JoinHashTable::Find(uint64_t key) const {
  for (uint64_t s = key & mask_;; s = (s + 1) & mask_) {
    const uint32_t rows = slots_[s].rows;
    if (rows == kEmpty) return kNotFound;
    if (slots_[s].key == key) return rows;
  }
}

size_t JoinHashTable::ProbeRange(std::span<const uint64_t> keys, size_t begin, size_t end,
                                 ProbeMatch* out) const {
  const Slot* slots = slots_.data();
  const uint64_t mask = mask_;
  uint64_t home[kProbeBatch];
  size_t hits = 0;
  for (size_t base = begin; base < end; base += kProbeBatch) {
    const size_t batch = std::min(kProbeBatch, end - base);
    for (size_t j = 0; j < batch; ++j) {
      home[j] = keys[base + j] & mask;
      PrefetchSlot(&slots[home[j]]);
    }
    for (size_t j = 0; j < batch; ++j) {
      const uint64_t key = keys[base + j];
      for (uint64_t s = home[j];; s = (s + 1) & mask) {
        const uint32_t rows = slots[s].rows;
        if (rows == kEmpty) break;
        if (slots[s].key == key) {
          out[hits++] = ProbeMatch{static_cast<uint32_t>(base + j), rows};
          break;
        }
      }
    }
  }
  return hits;
}

ProbeMatches JoinHashTable::ProbeAll(std::span<const uint64_t> keys, int threads) const {
  const size_t chunks = ChunkCount(keys.size(), ResolveThreads(threads), kMinProbeChunk);
  ProbeMatches matches;
  matches.parts_.reserve(chunks);
  for (size_t c = 0; c < chunks; ++c) {
    matches.parts_.emplace_back(keys.size() * (c + 1) / chunks - keys.size() * c / chunks);
  }
  ParallelChunks(keys.size(), chunks, [&](size_t begin, size_t end, size_t chunk) {
    ProbeMatches::Part& part = matches.parts_[chunk];
    part.size = ProbeRange(keys, begin, end, part.data);
  });
  return matches;
}

}  // namespace xmatch::matcher
