#include "rolls/flat_tables.h"

#include <functional>

namespace xmatch::rolls {
namespace {

constexpr size_t kInitialSlots = 1024;  // a power of two

bool TooFull(size_t size, size_t capacity) { return (size + 1) * 4 > capacity * 3; }

// splitmix64's finalizer: spreads keys whose differences are in a few low bits.
uint64_t Mix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

}  // namespace

uint64_t StringTable::Hash(std::string_view key) {
  return Mix(std::hash<std::string_view>{}(key)) | 1;
}

std::optional<uint32_t> StringTable::Find(std::string_view key) const {
  if (size_ == 0) return std::nullopt;
  const uint64_t hash = Hash(key);
  const size_t mask = slots_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.hash == 0) return std::nullopt;
    if (slot.hash == hash && KeyOf(slot) == key) return slot.value;
  }
}

std::pair<uint32_t, bool> StringTable::Insert(std::string_view key, uint32_t value) {
  if (TooFull(size_, slots_.size())) Grow();
  const uint64_t hash = Hash(key);
  const size_t mask = slots_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    Slot& slot = slots_[i];
    if (slot.hash == 0) {
      slot = Slot{hash, arena_.size(), static_cast<uint32_t>(key.size()), value};
      arena_.insert(arena_.end(), key.begin(), key.end());
      ++size_;
      return {value, true};
    }
    if (slot.hash == hash && KeyOf(slot) == key) return {slot.value, false};
  }
}

void StringTable::Grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? kInitialSlots : old.size() * 2, Slot{});
  const size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.hash == 0) continue;
    size_t i = slot.hash & mask;
    while (slots_[i].hash != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

void KeySet::Reserve(size_t n) {
  size_t capacity = kInitialSlots;
  while (TooFull(n, capacity)) capacity *= 2;
  if (capacity > slots_.size()) Rehash(capacity);
}

bool KeySet::Insert(uint64_t key) {
  if (TooFull(size_, slots_.size())) Rehash(slots_.empty() ? kInitialSlots : slots_.size() * 2);
  const uint64_t stored = key + 1;
  const size_t mask = slots_.size() - 1;
  for (size_t i = Mix(key) & mask;; i = (i + 1) & mask) {
    if (slots_[i] == stored) return false;
    if (slots_[i] == 0) {
      slots_[i] = stored;
      ++size_;
      return true;
    }
  }
}

void KeySet::Rehash(size_t capacity) {
  std::vector<uint64_t> old = std::move(slots_);
  slots_.assign(capacity, 0);
  const size_t mask = capacity - 1;
  for (uint64_t stored : old) {
    if (stored == 0) continue;
    size_t i = Mix(stored - 1) & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = stored;
  }
}

void KeyMap::Reserve(size_t n) {
  size_t capacity = kInitialSlots;
  while (TooFull(n, capacity)) capacity *= 2;
  if (capacity > slots_.size()) Rehash(capacity);
}

void KeyMap::Put(uint64_t key, uint64_t value) {
  if (TooFull(size_, slots_.size())) Rehash(slots_.empty() ? kInitialSlots : slots_.size() * 2);
  const uint64_t stored = key + 1;
  const size_t mask = slots_.size() - 1;
  for (size_t i = Mix(key) & mask;; i = (i + 1) & mask) {
    if (slots_[i].stored_key == stored) {
      slots_[i].value = value;
      return;
    }
    if (slots_[i].stored_key == 0) {
      slots_[i] = Slot{stored, value};
      ++size_;
      return;
    }
  }
}

std::optional<uint64_t> KeyMap::Find(uint64_t key) const {
  if (size_ == 0) return std::nullopt;
  const uint64_t stored = key + 1;
  const size_t mask = slots_.size() - 1;
  for (size_t i = Mix(key) & mask;; i = (i + 1) & mask) {
    if (slots_[i].stored_key == stored) return slots_[i].value;
    if (slots_[i].stored_key == 0) return std::nullopt;
  }
}

void KeyMap::Rehash(size_t capacity) {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(capacity, Slot{});
  const size_t mask = capacity - 1;
  for (const Slot& slot : old) {
    if (slot.stored_key == 0) continue;
    size_t i = Mix(slot.stored_key - 1) & mask;
    while (slots_[i].stored_key != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

}  // namespace xmatch::rolls
