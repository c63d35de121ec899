#include "rolls/flat_tables.h"

#include <string>

#include <gtest/gtest.h>

namespace xmatch::rolls {
namespace {

TEST(StringTable, KeepsTheFirstValueOfEachKeyAcrossGrowth) {
  StringTable table;
  for (uint32_t i = 0; i < 100000; ++i) {
    const auto [value, inserted] = table.Insert("M" + std::to_string(i), i);
    ASSERT_TRUE(inserted);
    ASSERT_EQ(value, i);
  }
  for (uint32_t i = 0; i < 100000; ++i) {
    const auto [value, inserted] = table.Insert("M" + std::to_string(i), 7);
    ASSERT_FALSE(inserted);
    ASSERT_EQ(value, i);
    ASSERT_EQ(table.Find("M" + std::to_string(i)), i);
  }
  EXPECT_EQ(table.size(), 100000u);
  EXPECT_FALSE(table.Find("M100000").has_value());
  EXPECT_FALSE(table.Find("").has_value());
}

TEST(StringTable, CopiesKeysSoTheCallersBufferMayChange) {
  StringTable table;
  std::string buffer = "张三";
  table.Insert(buffer, 1);
  buffer = "李四";
  EXPECT_EQ(table.Find("张三"), 1u);
  EXPECT_FALSE(table.Find("李四").has_value());
}

TEST(KeySet, FindsRepeatsAcrossGrowthIncludingZero) {
  KeySet set;
  for (uint64_t k = 0; k < 200000; ++k) ASSERT_TRUE(set.Insert(k << 12 | (k % 4096)));
  for (uint64_t k = 0; k < 200000; ++k) ASSERT_FALSE(set.Insert(k << 12 | (k % 4096)));
  EXPECT_EQ(set.size(), 200000u);
}

TEST(KeySet, ReserveKeepsContents) {
  KeySet set;
  ASSERT_TRUE(set.Insert(42));
  set.Reserve(1 << 20);
  EXPECT_FALSE(set.Insert(42));
  EXPECT_TRUE(set.Insert(43));
}

TEST(KeyMap, KeepsEachKeysValueAcrossGrowthIncludingZero) {
  KeyMap map;
  for (uint64_t k = 0; k < 200000; ++k) map.Put(k << 12, k * 3);
  map.Put(5 << 12, 7);  // overwrites
  EXPECT_EQ(map.size(), 200000u);
  EXPECT_EQ(map.Find(0), 0u);
  EXPECT_EQ(map.Find(5 << 12), 7u);
  EXPECT_EQ(map.Find(199999ull << 12), 199999u * 3);
  EXPECT_FALSE(map.Find(1).has_value());
  map.Reserve(1 << 20);
  EXPECT_EQ(map.Find(6 << 12), 18u);
}

}  // namespace
}  // namespace xmatch::rolls
