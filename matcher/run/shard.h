// Shard: which people one `xmatch match --shard K/N` process handles, and TokenKeyRange,
// the range of token_key (schemas/sql/0006_token_key.sql) that stands for them.
//
// token_key is a person's join key (TokenKey64: the token's first 8 bytes, big-endian)
// minus 2^63, so bigint order is the key's unsigned order and any range of keys is a
// range of a btree index. Shard K of N is the K-th of N equal ranges of the key space;
// tokens are HMAC digests, so shards are even. A person never spans shards (all their
// rows and records carry the same token), so every rule is decided inside one shard and
// N shards together raise exactly the clues of one unsharded run. A full run also splits
// its shard's range among its reader connections (TokenKeyRange::Part).
//
// Values; no state.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "common/result.h"
#include "common/token.h"

namespace xmatch::matcher {

// The token_keys from `first` to `last`, both included (never empty).
struct TokenKeyRange {
  int64_t first = std::numeric_limits<int64_t>::min();
  int64_t last = std::numeric_limits<int64_t>::max();

  bool everything() const { return *this == TokenKeyRange{}; }
  bool Contains(int64_t key) const { return first <= key && key <= last; }
  // Part `i` of `n` (i < n) equal parts, in order; together they are the range.
  TokenKeyRange Part(uint64_t i, uint64_t n) const;
  // "<column> BETWEEN first AND last" (SQL).
  std::string Sql(std::string_view column) const;

  friend bool operator==(const TokenKeyRange&, const TokenKeyRange&) = default;
};

struct Shard {
  int index = 1;  // K, 1..count
  int count = 1;  // N; 1: not sharded

  // "K/N" with 1 <= K <= N. InvalidArgument saying what a shard looks like otherwise.
  static Result<Shard> Parse(std::string_view text);

  bool sharded() const { return count > 1; }
  TokenKeyRange range() const { return TokenKeyRange{}.Part(index - 1, count); }
  std::string ToString() const { return std::to_string(index) + "/" + std::to_string(count); }
  // The SQL condition that a clue whose token_key is `column` is this shard's: "true"
  // when not sharded. A NULL token_key (a clue of a row gone before 0006) is shard 1's.
  std::string OwnsClueSql(std::string_view column) const;
};

}  // namespace xmatch::matcher
