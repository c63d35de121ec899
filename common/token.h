// Keyed pseudonyms for resident IDs (CONTRACT §1.5).
//
// A token is the lowercase hex HMAC-SHA256, under a versioned secret key, of the canonical
// 18-character ID in ASCII. Keys are read from files (hex text), held only in memory,
// never logged and never written to the database. An unkeyed hash would not do: the ID
// space is small enough to enumerate.
//
// TokenKeyring is immutable after loading and safe to share between threads; copies share
// the precomputed key state. Tokenize hashes two SHA-256 blocks per ID, the padded key
// being absorbed once at load (several million IDs per second per thread).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/resident_id.h"
#include "common/result.h"

namespace xmatch {

// 64 lowercase hex characters.
using IdToken = std::string;

// The first 8 bytes of a token's digest as a big-endian integer: the join key the matcher
// hashes on. Tokens are uniformly distributed, so these bits are too. Requires
// LooksLikeToken(hex_token).
uint64_t TokenKey64(std::string_view hex_token);

// The token_key column of roll_members, dept_records and clues (schemas/sql/0006): a join
// key minus 2^63, so that bigint order is the key's unsigned order.
inline int64_t TokenKeyOf(uint64_t key64) {
  return static_cast<int64_t>(key64 ^ (uint64_t{1} << 63));
}

// The token_key of a token, as SQL's xmatch_token_key(token) computes it: what the writers
// of a token write beside it, held to it by a CHECK (0016). Requires LooksLikeToken.
inline int64_t TokenKeyOfToken(std::string_view hex_token) {
  return TokenKeyOf(TokenKey64(hex_token));
}

// True when `text` is 64 lowercase-or-uppercase hex characters.
bool LooksLikeToken(std::string_view text);

class TokenKeyring {
 public:
  TokenKeyring() = default;

  // Reads each version's key file: hex text (whitespace around it ignored), at least 32
  // bytes of key (make one with `openssl rand -hex 32`); versions are 1 or more. Errors
  // name the file and the version, never the key. An empty map gives an empty keyring.
  static Result<TokenKeyring> Load(const std::map<int, std::string>& files_by_version);
  // For tests and the demo: keys given directly as raw bytes (any length, unchecked).
  static TokenKeyring FromSecrets(std::map<int, std::string> secrets_by_version);

  bool empty() const { return keys_.empty(); }
  bool has_version(int version) const { return keys_.count(version) != 0; }
  // The highest loaded version: the one new tokens are made with (requires !empty()).
  int current_version() const;
  // Every loaded version, ascending.
  std::vector<int> versions() const;

  // Token of `id` under the current key (requires !empty(); throws std::logic_error).
  IdToken Tokenize(const ResidentId& id) const;
  // Token under a given version; NotFound if that version is not loaded.
  Result<IdToken> Tokenize(const ResidentId& id, int version) const;

 private:
  struct Key;  // SHA-256 states after absorbing the padded key: defined in token.cc
  explicit TokenKeyring(std::map<int, std::shared_ptr<const Key>> keys)
      : keys_(std::move(keys)) {}

  std::map<int, std::shared_ptr<const Key>> keys_;  // version -> key state
};

}  // namespace xmatch
