// Open-addressing hash tables for finding repeated keys in an input file of millions of
// rows, where std::unordered_* would allocate a node per row.
//
// Memory layout: one flat slot array, linear probing, grown by doubling at 3/4 load.
//  - StringTable: 24-byte slots (hash, arena offset, length, value); key bytes are copied
//    once into an arena (one growing byte vector), so keys may come from short-lived
//    buffers. A million 12-byte keys take about 60 MB.
//  - KeySet: 8-byte slots holding key+1 (0 marks an empty slot). Twelve million keys take
//    128 MB.
//  - KeyMap: as KeySet with a 64-bit value beside each key; twelve million take 256 MB.
// Neither is thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace xmatch::rolls {

// Distinct strings, each with a uint32 value.
class StringTable {
 public:
  // Inserts `key` with `value` unless it is present. Returns the value stored for `key`
  // and whether this call inserted it.
  std::pair<uint32_t, bool> Insert(std::string_view key, uint32_t value);
  // The value stored for `key`, if present.
  std::optional<uint32_t> Find(std::string_view key) const;
  size_t size() const { return size_; }

 private:
  struct Slot {
    uint64_t hash = 0;  // 0: empty (stored hashes have their low bit set)
    uint64_t offset = 0;
    uint32_t length = 0;
    uint32_t value = 0;
  };
  std::string_view KeyOf(const Slot& slot) const {
    return std::string_view(arena_.data() + slot.offset, slot.length);
  }
  static uint64_t Hash(std::string_view key);
  void Grow();

  std::vector<Slot> slots_;
  std::vector<char> arena_;
  size_t size_ = 0;
};

// Distinct 64-bit keys (any value except UINT64_MAX).
class KeySet {
 public:
  // Pre-sizes for `n` keys, avoiding the rehashes (and their memory peak) on the way.
  void Reserve(size_t n);
  // Adds `key`; false if it was already present.
  bool Insert(uint64_t key);
  size_t size() const { return size_; }

 private:
  void Rehash(size_t capacity);

  std::vector<uint64_t> slots_;
  size_t size_ = 0;
};

// 64-bit keys (any value except UINT64_MAX), each with a 64-bit value.
class KeyMap {
 public:
  // Pre-sizes for `n` keys, avoiding the rehashes (and their memory peak) on the way.
  void Reserve(size_t n);
  // Sets the value of `key`, adding the key if it is absent.
  void Put(uint64_t key, uint64_t value);
  // The value of `key`, if present.
  std::optional<uint64_t> Find(uint64_t key) const;
  size_t size() const { return size_; }

 private:
  struct Slot {
    uint64_t stored_key = 0;  // key + 1; 0 marks an empty slot
    uint64_t value = 0;
  };
  void Rehash(size_t capacity);

  std::vector<Slot> slots_;
  size_t size_ = 0;
};

}  // namespace xmatch::rolls
