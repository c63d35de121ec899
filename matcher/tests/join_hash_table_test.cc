#include "matcher/join_hash_table.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <unordered_map>
#include <vector>

namespace xmatch::matcher {
namespace {

JoinHashTable BuildOrDie(const std::vector<uint64_t>& keys) {
  Result<JoinHashTable> t = JoinHashTable::Build(keys);
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return std::move(*t);
}

std::vector<ProbeMatch> ProbeAll(const JoinHashTable& t, const std::vector<uint64_t>& keys,
                                 int threads) {
  std::vector<ProbeMatch> all;
  t.ProbeAll(keys, threads).ForEach([&](const ProbeMatch& m) { all.push_back(m); });
  return all;
}

std::vector<uint32_t> RowsOf(const JoinHashTable& t, uint64_t key) {
  const uint32_t rows = t.Find(key);
  if (rows == JoinHashTable::kNotFound) return {};
  const RowList list = t.Rows(rows);
  return {list.begin(), list.end()};
}

TEST(JoinHashTable, EmptyTableFindsNothing) {
  const JoinHashTable t = BuildOrDie({});
  EXPECT_EQ(t.Find(0), JoinHashTable::kNotFound);
  EXPECT_EQ(t.Find(42), JoinHashTable::kNotFound);
  const std::vector<uint64_t> probe = {0, 1, 2, ~0ull};
  EXPECT_EQ(t.ProbeAll(probe, 2).size(), 0u);
  int shared = 0;
  t.ForEachSharedKey([&](uint32_t) { ++shared; });
  EXPECT_EQ(shared, 0);
}

TEST(JoinHashTable, KeyZeroIsAnOrdinaryKey) {
  const JoinHashTable t = BuildOrDie({5, 0, 7});
  EXPECT_EQ(RowsOf(t, 0), std::vector<uint32_t>{1});
  EXPECT_EQ(RowsOf(t, 5), std::vector<uint32_t>{0});
  EXPECT_TRUE(RowsOf(t, 16).empty());  // shares key 0's home slot, not its key
}

TEST(JoinHashTable, AllOnesKeyIsAnOrdinaryKey) {
  const JoinHashTable t = BuildOrDie({~0ull});
  EXPECT_EQ(RowsOf(t, ~0ull), std::vector<uint32_t>{0});
  EXPECT_TRUE(RowsOf(t, 0).empty());
}

TEST(JoinHashTable, RowsSharingAKeyAreAllFoundInRowOrder) {
  const JoinHashTable t = BuildOrDie({9, 3, 9, 4, 9, 3});
  EXPECT_EQ(RowsOf(t, 9), (std::vector<uint32_t>{0, 2, 4}));
  EXPECT_EQ(RowsOf(t, 3), (std::vector<uint32_t>{1, 5}));
  EXPECT_EQ(RowsOf(t, 4), std::vector<uint32_t>{3});
  EXPECT_EQ(t.distinct_keys(), 3u);
  std::vector<std::vector<uint32_t>> shared;
  t.ForEachSharedKey([&](uint32_t rows) {
    const RowList list = t.Rows(rows);
    shared.emplace_back(list.begin(), list.end());
  });
  std::sort(shared.begin(), shared.end());
  EXPECT_EQ(shared, (std::vector<std::vector<uint32_t>>{{0, 2, 4}, {1, 5}}));
}

TEST(JoinHashTable, KeysCollidingOnTheirHomeSlotAreAllFound) {
  // 16 rows give 32 slots: keys equal modulo 32 share a home slot and chain linearly,
  // wrapping around the end of the table.
  std::vector<uint64_t> keys;
  for (uint64_t i = 0; i < 16; ++i) keys.push_back(31 + i * 32);
  const JoinHashTable t = BuildOrDie(keys);
  ASSERT_EQ(t.capacity(), 32u);
  for (uint32_t i = 0; i < 16; ++i) EXPECT_EQ(RowsOf(t, keys[i]), std::vector<uint32_t>{i});
  EXPECT_TRUE(RowsOf(t, 31 + 16 * 32).empty());
  EXPECT_TRUE(RowsOf(t, 30).empty());
}

TEST(JoinHashTable, LoadFactorIsAtMostOneHalf) {
  for (size_t n : {1u, 8u, 9u, 1000u, 1024u, 1025u}) {
    std::vector<uint64_t> keys(n);
    for (size_t i = 0; i < n; ++i) keys[i] = i * 0x9E3779B97F4A7C15ull;
    const JoinHashTable t = BuildOrDie(keys);
    EXPECT_GE(t.capacity(), 2 * n) << n;
    EXPECT_EQ(t.capacity() & (t.capacity() - 1), 0u) << n;
    if (n >= 16) {
      EXPECT_LE(t.memory_bytes() / n, 48u) << n;
    }
  }
}

TEST(JoinHashTable, ProbeReportsMatchesInProbeOrder) {
  const JoinHashTable t = BuildOrDie({10, 20, 20});
  const std::vector<uint64_t> probe = {20, 11, 10, 20, 0};
  std::vector<ProbeMatch> matches(probe.size());
  ASSERT_EQ(t.ProbeRange(probe, 0, probe.size(), matches.data()), 3u);
  EXPECT_EQ(matches[0].probe_index, 0u);
  EXPECT_EQ(t.Rows(matches[0].rows).size(), 2u);
  EXPECT_EQ(matches[1].probe_index, 2u);
  EXPECT_EQ(t.Rows(matches[1].rows).front(), 0u);
  EXPECT_EQ(matches[2].probe_index, 3u);
}

TEST(JoinHashTable, AgreesWithUnorderedMultimapOnRandomKeys) {
  std::mt19937_64 rng(20260101);
  const size_t n = 200'000;
  std::vector<uint64_t> build(n);
  for (size_t i = 0; i < n; ++i) {
    // One in ten rows repeats an earlier key: the same person on several rows.
    build[i] = (i > 0 && rng() % 10 == 0) ? build[rng() % i] : rng();
  }
  std::unordered_multimap<uint64_t, uint32_t> expected;
  for (size_t i = 0; i < n; ++i) expected.emplace(build[i], static_cast<uint32_t>(i));
  std::vector<uint64_t> probe(500'000);
  for (uint64_t& k : probe) k = (rng() % 2 == 0) ? build[rng() % n] : rng();

  const JoinHashTable t = BuildOrDie(build);
  const std::vector<ProbeMatch> matches = ProbeAll(t, probe, 2);

  size_t m = 0;
  for (size_t i = 0; i < probe.size(); ++i) {
    auto [lo, hi] = expected.equal_range(probe[i]);
    std::vector<uint32_t> want;
    for (auto it = lo; it != hi; ++it) want.push_back(it->second);
    std::sort(want.begin(), want.end());
    if (want.empty()) {
      ASSERT_TRUE(m == matches.size() || matches[m].probe_index != i) << i;
      continue;
    }
    ASSERT_LT(m, matches.size());
    ASSERT_EQ(matches[m].probe_index, i);
    const RowList got = t.Rows(matches[m].rows);
    ASSERT_EQ(std::vector<uint32_t>(got.begin(), got.end()), want) << i;
    ++m;
  }
  EXPECT_EQ(m, matches.size());
}

TEST(JoinHashTable, OneThreadAndTwoThreadsGiveTheSameMatches) {
  std::mt19937_64 rng(7);
  std::vector<uint64_t> build(100'000);
  for (uint64_t& k : build) k = rng();
  std::vector<uint64_t> probe(300'000);
  for (uint64_t& k : probe) k = (rng() % 3 == 0) ? build[rng() % build.size()] : rng();
  const JoinHashTable t = BuildOrDie(build);
  const std::vector<ProbeMatch> one = ProbeAll(t, probe, 1);
  const std::vector<ProbeMatch> two = ProbeAll(t, probe, 2);
  ASSERT_EQ(one.size(), two.size());
  for (size_t i = 0; i < one.size(); ++i) {
    EXPECT_EQ(one[i].probe_index, two[i].probe_index);
    EXPECT_EQ(one[i].rows, two[i].rows);
  }
}

}  // namespace
}  // namespace xmatch::matcher
