#include "matcher/match_engine.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "matcher/tests/scenario.h"

namespace xmatch::matcher::testing {
namespace {

using V = std::vector<std::string>;

TEST(MatchEngine, RecordsOfPeopleNotOnTheRollRaiseNothing) {
  Scenario s;
  s.Row("M1", 1, Program::kDibaoRural).Paid("M1", "2024-01", "2024-06");
  s.Record(RecordKind::kDeath, "PS-1", 2, "2024-01-01");
  s.Record(RecordKind::kImprisonment, "J-1", 3, "2024-01-01");
  EXPECT_TRUE(s.Run("2024-06-30").empty());
}

TEST(MatchEngine, PeopleWhoseJoinKeysCollideAreKeptApart) {
  // Same 64-bit join key, different check bits: two different people.
  const PersonKey alive{0xABCDEF, 1};
  const PersonKey dead{0xABCDEF, 2};
  Scenario s;
  s.RowWithKey("M1", alive, Program::kDibaoRural).Paid("M1", "2024-01", "2024-06");
  s.RowWithKey("M2", dead, Program::kDibaoRural, kVillageB).Paid("M2", "2024-01", "2024-06");
  s.RecordWithKey(RecordKind::kDeath, "PS-1", dead, "2024-02-10");
  const auto clues = s.Run("2024-06-30");
  // No duplicate_enrollment either: different townships, but different people.
  EXPECT_EQ(Scenario::Keys(clues), V{"deceased:M2"});
}

TEST(MatchEngine, OnePersonCanRaiseEveryRule) {
  Scenario s;
  s.Row("M1", 1, Program::kDibaoRural).Paid("M1", "2024-01", "2024-06");
  s.Row("M2", 1, Program::kDibaoRural, kVillageB).Paid("M2", "2024-01", "2024-06");
  s.Pension("P-1", 1, "2024-01", 200000);
  s.Record(RecordKind::kDetention, "PS-2", 1, "2024-02-01", "2024-02-29");
  s.Record(RecordKind::kDeath, "PS-3", 1, "2024-04-30");
  EXPECT_EQ(Scenario::Keys(s.Run("2024-06-30")),
            (V{"deceased:M1", "deceased:M2", "duplicate_enrollment:M1:M2",
               "duplicate_enrollment:M2:M1", "imprisoned:M1:public_security:PS-2",
               "imprisoned:M2:public_security:PS-2", "pension_income:M1",
               "pension_income:M2"}));
}

TEST(MatchEngine, ClueKeysEscapeTheirSeparator) {
  Scenario s;
  s.Row("A:B", 1, Program::kDibaoRural);
  s.Row("A", 1, Program::kDibaoRural, kVillageB);
  s.Row("B\\C", 2, Program::kDibaoRural).Paid("B\\C", "2024-01", "2024-02");
  s.Record(RecordKind::kImprisonment, "J:1", 2, "2024-01-01");
  EXPECT_EQ(Scenario::Keys(s.Run("2024-03-01")),
            (V{"duplicate_enrollment:A:A\\:B", "duplicate_enrollment:A\\:B:A",
               "imprisoned:B\\\\C:justice:J\\:1"}));
}

// A random county: people on one or two rows, and records of every kind, some for people
// not on the roll.
Scenario RandomCounty(uint64_t seed, bool reverse_input) {
  std::mt19937_64 rng(seed);
  struct RowSpec {
    std::string member;
    uint64_t person;
    Program program;
    const char* region;
    RollStatus status;
  };
  std::vector<RowSpec> rows;
  const char* regions[] = {kVillageA, kVillageA2, kVillageB};
  for (uint64_t person = 1; person <= 3000; ++person) {
    const int copies = rng() % 20 == 0 ? 2 : 1;
    for (int c = 0; c < copies; ++c) {
      rows.push_back({"M" + std::to_string(person) + "-" + std::to_string(c), person,
                      static_cast<Program>(rng() % kProgramCount), regions[rng() % 3],
                      static_cast<RollStatus>(rng() % 5 == 0 ? 1 + rng() % 2 : 0)});
    }
  }
  struct RecSpec {
    std::string id;
    RecordKind kind;
    uint64_t person;
    int month;
    int day;
  };
  std::vector<RecSpec> recs;
  for (int i = 0; i < 4000; ++i) {
    recs.push_back({"R" + std::to_string(i), static_cast<RecordKind>(rng() % 9), 1 + rng() % 3500,
                    static_cast<int>(1 + rng() % 12), static_cast<int>(1 + rng() % 28)});
  }
  if (reverse_input) {
    std::reverse(rows.begin(), rows.end());
    std::reverse(recs.begin(), recs.end());
  }
  Scenario s;
  for (const RowSpec& r : rows) {
    s.Row(r.member, r.person, r.program, r.region, r.status).Paid(r.member, "2024-01", "2024-12");
  }
  for (const RecSpec& r : recs) {
    const std::string date = Date::FromValidYmd(2024, r.month, r.day).ToString();
    s.Record(r.kind, r.id, r.person, date.c_str(), std::nullopt,
             r.day % 2 == 0 ? "death" : "other", 50000 + r.day * 3000);
  }
  return s;
}

TEST(MatchEngine, OutputDoesNotDependOnThreadsOrInputOrder) {
  Scenario forward = RandomCounty(99, false);
  Scenario backward = RandomCounty(99, true);
  const auto one_thread = forward.Run("2024-12-31", {}, 1);
  const auto two_threads = forward.Run("2024-12-31", {}, 2);
  const auto reversed = backward.Run("2024-12-31", {}, 2);
  ASSERT_GT(one_thread.size(), 100u);
  EXPECT_EQ(Scenario::Keys(one_thread), Scenario::Keys(two_threads));
  ASSERT_EQ(Scenario::Keys(one_thread), Scenario::Keys(reversed));
  for (size_t i = 0; i < one_thread.size(); ++i) {
    EXPECT_EQ(Scenario::Months(one_thread[i]), Scenario::Months(reversed[i]));
    EXPECT_EQ(forward.RecordIds(one_thread[i]), backward.RecordIds(reversed[i]));
    EXPECT_EQ(forward.OtherMembers(one_thread[i]), backward.OtherMembers(reversed[i]));
  }
  EXPECT_TRUE(std::is_sorted(one_thread.begin(), one_thread.end(),
                             [](const Clue& a, const Clue& b) { return a.key < b.key; }));
}

}  // namespace
}  // namespace xmatch::matcher::testing
