// JoinHashTable: the build side of the matcher's hash join. Built once on the roll's
// 64-bit person keys, then probed with department records' keys (and, for duplicate
// enrollment, read back for keys that several roll rows share: the roll joined with
// itself).
//
// Keys are the first 8 bytes of an HMAC-SHA256 token digest (common/token.h TokenKey64):
// uniformly distributed, so a key's low bits are its home slot with no further hashing.
// Keys with patterned low bits would cluster; do not feed this table anything else.
//
// Memory layout
//   slots_    `capacity` packed 12-byte slots {uint64 key; uint32 rows}:
//               rows == kEmpty (0xFFFFFFFF)  free slot. Occupancy lives in `rows`, so
//                                            every key value, 0 included, is a valid key.
//               high bit clear               the key's only build row (the common case:
//                                            a person on one roll row)
//               high bit set                 the low 31 bits are an offset into groups_
//             capacity is the smallest power of two >= 2 x build rows, at least 16, so
//             the load factor is at most 0.5; home slot = key & (capacity - 1);
//             collisions probe linearly.
//   groups_   for each key held by 2+ build rows: [count, row, row, ...], rows ascending.
//             The same person on two roll rows is rare, so this is small.
//   Bytes per build row: 12 x capacity / rows, between 24 and 48 for distinct keys, plus
//   4 x (count + 1) per shared key. There is no per-row `next` array: a probe that hits
//   reads one slot, and the rows of a shared key are contiguous.
//
// slots_ and ProbeAll's match buffers sit on 2 MiB pages where the kernel allows
// (HugePageAllocator): 512 times fewer page faults when they are first written (building
// 5M rows went from ~580 to ~300-400 ms here) and fewer TLB misses on random probes.
//
// Probing is batched: the home slots of a batch of keys are computed and prefetched
// before any is compared, so the cache misses of a batch overlap instead of queuing.
//
// A table is immutable once built: any number of threads may probe it at once.
// Build rows are numbered 0..n-1 in the order of the keys given to Build; at most
// kMaxRows of them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "common/result.h"
#include "matcher/huge_page_allocator.h"

namespace xmatch::matcher {

// The build rows holding one key: iterable, rows ascending. Valid while the table lives;
// for a key on one row, begin() and span() point into the RowList itself, so keep it
// alive (not a temporary) while using them.
class RowList {
 public:
  RowList(const uint32_t* group, uint32_t size, uint32_t single)
      : group_(group), size_(size), single_(single) {}
  const uint32_t* begin() const { return group_ != nullptr ? group_ : &single_; }
  const uint32_t* end() const { return begin() + size_; }
  uint32_t size() const { return size_; }
  uint32_t front() const { return *begin(); }
  std::span<const uint32_t> span() const { return {begin(), size_}; }

 private:
  const uint32_t* group_;  // null for a key on one row
  uint32_t size_;
  uint32_t single_;
};

// One probe key that found its key in the table.
struct ProbeMatch {
  uint32_t probe_index;  // position of the key in the probe input
  uint32_t rows;         // the key's rows: pass to JoinHashTable::Rows()
};

// The matches of JoinHashTable::ProbeAll: one buffer per probe chunk; read in order, they
// are in probe order. Kept apart rather than concatenated: copying tens of millions of
// matches would cost about as much as finding them. Move-only.
class ProbeMatches {
 public:
  size_t size() const {
    size_t n = 0;
    for (const Part& part : parts_) n += part.size;
    return n;
  }
  template <typename Fn>
  void ForEach(Fn&& fn) const {
    for (const Part& part : parts_) {
      for (size_t i = 0; i < part.size; ++i) fn(part.data[i]);
    }
  }

 private:
  friend class JoinHashTable;
  // Room for a whole chunk to hit, allocated but not written, so that only the pages the
  // matches fill are ever touched (std::vector would zero it all first).
  struct Part {
    explicit Part(size_t capacity)
        : data(HugePageAllocator<ProbeMatch>().allocate(capacity)), capacity(capacity) {}
    Part(Part&& o) noexcept
        : data(std::exchange(o.data, nullptr)), size(o.size), capacity(o.capacity) {}
    Part(const Part&) = delete;
    Part& operator=(const Part&) = delete;
    Part& operator=(Part&&) = delete;
    ~Part() {
      if (data != nullptr) HugePageAllocator<ProbeMatch>().deallocate(data, capacity);
    }
    ProbeMatch* data;
    size_t size = 0;
    size_t capacity;
  };
  std::vector<Part> parts_;
};

class JoinHashTable {
 public:
  static constexpr uint32_t kMaxRows = 0x7FFFFFFE;
  // What Find() returns for a key not in the table.
  static constexpr uint32_t kNotFound = 0xFFFFFFFF;

  // Builds the table on keys[0..n): row i holds keys[i]. Fails with InvalidArgument when
  // there are more than kMaxRows keys.
  static Result<JoinHashTable> Build(std::span<const uint64_t> keys);

  // The rows holding `key`, as a value for Rows(), or kNotFound.
  uint32_t Find(uint64_t key) const;

  // Writes to out[0..] a ProbeMatch for each of keys[begin..end) present in the table, in
  // probe order, and returns how many. `out` must have room for end - begin matches.
  // Single-threaded; callers may run disjoint ranges on different threads.
  size_t ProbeRange(std::span<const uint64_t> keys, size_t begin, size_t end,
                    ProbeMatch* out) const;

  // Probes all of `keys` on `threads` threads (<= 0: all cores). Probe inputs are limited
  // to 2^32 keys (probe_index is 32 bits).
  ProbeMatches ProbeAll(std::span<const uint64_t> keys, int threads) const;

  // The rows a Find() or ProbeMatch::rows value stands for (not kNotFound).
  RowList Rows(uint32_t rows) const {
    if ((rows & kGroupBit) == 0) return RowList(nullptr, 1, rows);
    const uint32_t* group = groups_.data() + (rows & ~kGroupBit);
    return RowList(group + 1, group[0], 0);
  }

  // Calls fn(rows) for every key held by two or more build rows (`rows` as for Rows()),
  // in a deterministic order.
  template <typename Fn>
  void ForEachSharedKey(Fn&& fn) const {
    for (size_t off = 0; off < groups_.size(); off += 1 + groups_[off]) {
      fn(static_cast<uint32_t>(off) | kGroupBit);
    }
  }

  size_t build_rows() const { return build_rows_; }
  size_t distinct_keys() const { return distinct_keys_; }
  size_t capacity() const { return slots_.size(); }
  // Bytes held by the table's arrays.
  size_t memory_bytes() const {
    return slots_.size() * sizeof(Slot) + groups_.size() * sizeof(uint32_t);
  }

 private:
  static constexpr uint32_t kEmpty = 0xFFFFFFFF;
  static constexpr uint32_t kGroupBit = 0x80000000;
  static constexpr size_t kMinCapacity = 16;

  JoinHashTable() = default;

  struct [[gnu::packed]] Slot {
    uint64_t key;
    uint32_t rows;
  };
  static_assert(sizeof(Slot) == 12);

  std::vector<Slot, HugePageAllocator<Slot>> slots_;  // on huge pages when large
  std::vector<uint32_t> groups_;
  uint64_t mask_ = 0;
  size_t build_rows_ = 0;
  size_t distinct_keys_ = 0;
};

}  // namespace xmatch::matcher
