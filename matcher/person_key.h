// PersonKey: how the matcher identifies a person. A token (common/token.h) is a 32-byte
// HMAC digest; the matcher keeps 16 bytes of it. key64 (bytes 0..7, TokenKey64) is the
// join key the hash table is built on; check (bytes 8..15, read the same way) tells apart
// the astronomically rare people whose key64 collide, so a collision can never put one
// person's death on another's roll row.
//
// Roll rows and department records must be keyed under the same token key version.
#pragma once

#include <cstdint>

namespace xmatch::matcher {

struct PersonKey {
  uint64_t key64 = 0;  // digest bytes 0..7
  uint64_t check = 0;  // digest bytes 8..15
  friend bool operator==(const PersonKey&, const PersonKey&) = default;
};

}  // namespace xmatch::matcher
