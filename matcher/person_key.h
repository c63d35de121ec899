// PersonKey: how the matcher identifies a person. A token (common/token.h) is a 32-byte
// HMAC digest; the matcher keeps 16 bytes of it. key64 (bytes 0..7, TokenKey64) is the
// join key the hash table is built on; check (bytes 8..15, read the same way) tells apart
// the astronomically rare people whose key64 collide, so a collision can never put one
// person's death on another's roll row.
//
// Roll rows and department records must be keyed under the same token key version.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/token.h"

namespace xmatch::matcher {

struct PersonKey {
  uint64_t key64 = 0;  // digest bytes 0..7
  uint64_t check = 0;  // digest bytes 8..15
  friend bool operator==(const PersonKey&, const PersonKey&) = default;
};

// The key of a token as stored in roll_members.id_token and dept_records.id_token.
// Requires LooksLikeToken(hex_token).
inline PersonKey PersonKeyOfToken(std::string_view hex_token) {
  return {TokenKey64(hex_token), TokenKey64(hex_token.substr(16))};
}

}  // namespace xmatch::matcher
