// Keyed pseudonyms for resident IDs (CONTRACT §1.5).
//
// A token is the lowercase hex HMAC-SHA256, under a versioned secret key, of the canonical
// 18-character ID in ASCII. Keys are read from files (hex text), held only in memory,
// never logged and never written to the database. An unkeyed hash would not do: the ID
// space is small enough to enumerate.
//
// TokenKeyring is immutable after loading and safe to share between threads.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "common/resident_id.h"
#include "common/result.h"

namespace xmatch {

// 64 lowercase hex characters.
using IdToken = std::string;

// The first 8 bytes of a token's digest as an integer: the join key the matcher hashes on.
// Tokens are uniformly distributed, so these bits are too.
uint64_t TokenKey64(std::string_view hex_token);

// True when `text` is 64 lowercase-or-uppercase hex characters.
bool LooksLikeToken(std::string_view text);

class TokenKeyring {
 public:
  TokenKeyring() = default;

  // Reads each version's key file: hex text (whitespace around it ignored), at least 32
  // bytes of key. Errors name the file and the version, never the key.
  static Result<TokenKeyring> Load(const std::map<int, std::string>& files_by_version);
  // For tests and the demo: keys given directly as raw bytes.
  static TokenKeyring FromSecrets(std::map<int, std::string> secrets_by_version);

  bool empty() const { return keys_.empty(); }
  bool has_version(int version) const { return keys_.count(version) != 0; }
  // The highest loaded version: the one new tokens are made with.
  int current_version() const;

  // Token of `id` under the current key (requires !empty()).
  IdToken Tokenize(const ResidentId& id) const;
  // Token under a given version; NotFound if that version is not loaded.
  Result<IdToken> Tokenize(const ResidentId& id, int version) const;

 private:
  std::map<int, std::string> keys_;  // version -> raw key bytes
};

}  // namespace xmatch
