// Shard and TokenKeyRange: parsing K/N, and shards that split the key space into even,
// ordered ranges that together cover it.
#include "matcher/run/shard.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace xmatch::matcher {
namespace {

TEST(Shard, ParsesKOfN) {
  auto shard = Shard::Parse("2/3");
  ASSERT_TRUE(shard.ok()) << shard.status().ToString();
  EXPECT_EQ(shard->index, 2);
  EXPECT_EQ(shard->count, 3);
  EXPECT_TRUE(shard->sharded());
  EXPECT_EQ(shard->ToString(), "2/3");
  EXPECT_FALSE(Shard::Parse("1/1")->sharded());
}

TEST(Shard, RejectsWhatIsNotKOfN) {
  for (const char* bad : {"", "2", "0/2", "3/2", "1/0", "a/2", "1/2x", "-1/2", "1//2"}) {
    const auto shard = Shard::Parse(bad);
    EXPECT_EQ(shard.status().code(), Status::Code::kInvalidArgument) << bad;
  }
  EXPECT_NE(Shard::Parse("3/2").status().message().find("1 <= K <= N"), std::string::npos);
}

TEST(Shard, ShardsCoverTheKeySpaceInOrderWithoutOverlap) {
  for (int n : {1, 2, 3, 7, 64}) {
    int64_t expected_first = std::numeric_limits<int64_t>::min();
    for (int k = 1; k <= n; ++k) {
      const TokenKeyRange range = Shard{k, n}.range();
      EXPECT_EQ(range.first, expected_first) << k << "/" << n;
      EXPECT_LT(range.first, range.last);
      if (k < n) expected_first = range.last + 1;
      else EXPECT_EQ(range.last, std::numeric_limits<int64_t>::max());
    }
  }
  EXPECT_TRUE(Shard{}.range().everything());
}

TEST(Shard, HalvesSplitAtTheMiddleOfTheUnsignedKey) {
  // TokenKeyOf keeps the unsigned order of join keys: 0x7fff... is shard 1 of 2,
  // 0x8000... shard 2.
  const TokenKeyRange first = Shard{1, 2}.range();
  const TokenKeyRange second = Shard{2, 2}.range();
  EXPECT_TRUE(first.Contains(TokenKeyOf(0)));
  EXPECT_TRUE(first.Contains(TokenKeyOf(0x7fffffffffffffffULL)));
  EXPECT_TRUE(second.Contains(TokenKeyOf(0x8000000000000000ULL)));
  EXPECT_TRUE(second.Contains(TokenKeyOf(~uint64_t{0})));
  EXPECT_LT(TokenKeyOf(1), TokenKeyOf(0xf000000000000000ULL));
}

TEST(Shard, PartsOfARangeAreEvenAndContiguous) {
  const TokenKeyRange range{-10, 9};  // 20 keys
  EXPECT_EQ(range.Part(0, 4), (TokenKeyRange{-10, -6}));
  EXPECT_EQ(range.Part(3, 4), (TokenKeyRange{5, 9}));
  EXPECT_EQ(range.Sql("token_key"), "token_key BETWEEN -10 AND 9");
}

TEST(Shard, OnlyShardOneOwnsCluesWithoutAKey) {
  EXPECT_EQ(Shard{}.OwnsClueSql("k"), "true");
  const Shard first{1, 2};
  const Shard second{2, 2};
  EXPECT_NE(first.OwnsClueSql("k").find("k IS NULL"), std::string::npos);
  EXPECT_EQ(second.OwnsClueSql("k").find("IS NULL"), std::string::npos);
}

}  // namespace
}  // namespace xmatch::matcher
