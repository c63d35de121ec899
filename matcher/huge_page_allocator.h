// HugePageAllocator: a std::allocator for large arrays probed at random, such as the join
// table's slots. Blocks of 2 MiB and more are 2 MiB-aligned and marked MADV_HUGEPAGE, so
// with transparent huge pages in `madvise` mode (Debian's default) a 200 MiB table needs
// ~100 TLB entries instead of ~50,000; smaller blocks come from operator new. Where huge
// pages are unavailable, madvise fails harmlessly and ordinary pages are used.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdlib>
#include <new>

namespace xmatch::matcher {

template <typename T>
class HugePageAllocator {
 public:
  using value_type = T;

  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) {}  // NOLINT: allocators convert

  T* allocate(size_t n) {
    const size_t bytes = n * sizeof(T);
    if (bytes < kHugePage) return static_cast<T*>(::operator new(bytes));
    const size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
    void* p = std::aligned_alloc(kHugePage, rounded);
    if (p == nullptr) throw std::bad_alloc();
    madvise(p, rounded, MADV_HUGEPAGE);
    return static_cast<T*>(p);
  }

  void deallocate(T* p, size_t n) {
    if (n * sizeof(T) < kHugePage) {
      ::operator delete(p);
    } else {
      std::free(p);
    }
  }

  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const { return true; }

 private:
  static constexpr size_t kHugePage = size_t{2} << 20;
};

}  // namespace xmatch::matcher
