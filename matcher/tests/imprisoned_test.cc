// imprisoned (CONTRACT §2): a paid month is overpaid when its whole calendar month lies in
// a custody interval (ends inclusive; open = up to R).
#include <gtest/gtest.h>

#include "matcher/tests/scenario.h"

namespace xmatch::matcher::testing {
namespace {

using V = std::vector<std::string>;

TEST(Imprisoned, CustodyCoveringAMonthExactlyMakesItOverpaid) {
  Scenario s;
  s.Row("M1", 1, Program::kDibaoRural).Paid("M1", "2024-02", "2024-04", 65000);
  s.Record(RecordKind::kImprisonment, "J-1", 1, "2024-03-01");
  s.Record(RecordKind::kRelease, "J-2", 1, "2024-03-31");
  const auto clues = s.Run("2024-06-01");
  const Clue* c = Scenario::Find(clues, "imprisoned:M1:justice:J-1");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(Scenario::Months(*c), V{"2024-03"});
  EXPECT_EQ(c->overpaid_amount, Fen(65000));
  EXPECT_EQ(s.RecordIds(*c), (V{"J-1", "J-2"}));
}

TEST(Imprisoned, CustodyMissingOneDayOfTheMonthRaisesNothing) {
  Scenario late_start;
  late_start.Row("M1", 1, Program::kDibaoRural).Paid("M1", "2024-02", "2024-04");
  late_start.Record(RecordKind::kImprisonment, "J-1", 1, "2024-03-02");
  late_start.Record(RecordKind::kRelease, "J-2", 1, "2024-03-31");
  EXPECT_TRUE(late_start.Run("2024-06-01").empty());

  Scenario early_release;
  early_release.Row("M1", 1, Program::kDibaoRural).Paid("M1", "2024-02", "2024-04");
  early_release.Record(RecordKind::kImprisonment, "J-1", 1, "2024-03-01");
  early_release.Record(RecordKind::kRelease, "J-2", 1, "2024-03-30");
  EXPECT_TRUE(early_release.Run("2024-06-01").empty());
}

TEST(Imprisoned, OpenImprisonmentRunsUpToTheRunDate) {
  Scenario s;
  s.Row("M1", 1, Program::kDibaoRural).Paid("M1", "2024-01", "2024-06");
  s.Record(RecordKind::kImprisonment, "J-1", 1, "2024-01-15");
  const auto on_last_day = s.Run("2024-05-31");
  ASSERT_EQ(on_last_day.size(), 1u);
  EXPECT_EQ(Scenario::Months(on_last_day[0]), (V{"2024-02", "2024-03", "2024-04", "2024-05"}));
  EXPECT_TRUE(s.RecordIds(on_last_day[0]) == V{"J-1"});
  const auto a_day_before = s.Run("2024-05-30");
  ASSERT_EQ(a_day_before.size(), 1u);
  EXPECT_EQ(Scenario::Months(a_day_before[0]), (V{"2024-02", "2024-03", "2024-04"}));
}

TEST(Imprisoned, ExpectedReleaseDoesNotEndCustody) {
  Scenario s;
  s.Row("M1", 1, Program::kDibaoRural).Paid("M1", "2024-01", "2024-04");
  s.Record(RecordKind::kImprisonment, "J-1", 1, "2024-01-01", "2024-01-31");
  const auto clues = s.Run("2024-04-30");
  ASSERT_EQ(clues.size(), 1u);
  EXPECT_EQ(Scenario::Months(clues[0]), (V{"2024-01", "2024-02", "2024-03", "2024-04"}));
}

TEST(Imprisoned, ReleaseBeforeTheImprisonmentIsIgnored) {
  Scenario s;
  s.Row("M1", 1, Program::kDibaoRural).Paid("M1", "2023-11", "2024-03");
  s.Record(RecordKind::kRelease, "J-0", 1, "2023-12-01");
  s.Record(RecordKind::kImprisonment, "J-1", 1, "2024-01-01");
  const auto clues = s.Run("2024-03-31");
  ASSERT_EQ(clues.size(), 1u);
  EXPECT_EQ(Scenario::Months(clues[0]), (V{"2024-01", "2024-02", "2024-03"}));
  EXPECT_EQ(s.RecordIds(clues[0]), V{"J-1"});
}

TEST(Imprisoned, TheEarliestReleaseOnOrAfterTheStartEndsIt) {
  Scenario s;
  s.Row("M1", 1, Program::kDibaoRural).Paid("M1", "2024-01", "2024-08");
  s.Record(RecordKind::kImprisonment, "J-1", 1, "2024-01-01");
  s.Record(RecordKind::kRelease, "J-3", 1, "2024-06-30");
  s.Record(RecordKind::kRelease, "J-2", 1, "2024-03-15");
  const auto clues = s.Run("2024-08-31");
  ASSERT_EQ(clues.size(), 1u);
  EXPECT_EQ(Scenario::Months(clues[0]), (V{"2024-01", "2024-02"}));
  EXPECT_EQ(s.RecordIds(clues[0]), (V{"J-1", "J-2"}));
}

TEST(Imprisoned, AReleaseOnTheStartDayEndsTheImprisonment) {
  Scenario s;
  s.Row("M1", 1, Program::kDibaoRural).Paid("M1", "2024-03", "2024-08");
  s.Record(RecordKind::kImprisonment, "J-1", 1, "2024-03-01");
  s.Record(RecordKind::kRelease, "J-2", 1, "2024-03-01");
  s.Record(RecordKind::kRelease, "J-3", 1, "2024-06-30");
  EXPECT_TRUE(s.Run("2024-08-31").empty());
}

TEST(Imprisoned, DetentionWithoutEndRunsUpToTheRunDate) {
  Scenario s;
  s.Row("M1", 1, Program::kDibaoRural).Paid("M1", "2024-01", "2024-04");
  s.Record(RecordKind::kDetention, "PS-9", 1, "2024-02-01");
  const auto clues = s.Run("2024-03-31");
  const Clue* c = Scenario::Find(clues, "imprisoned:M1:public_security:PS-9");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(Scenario::Months(*c), (V{"2024-02", "2024-03"}));
}

TEST(Imprisoned, DetentionWithEndCoversOnlyWholeMonthsUpToItsEnd) {
  Scenario s;
  s.Row("M1", 1, Program::kDibaoRural).Paid("M1", "2024-01", "2024-06");
  s.Record(RecordKind::kDetention, "PS-9", 1, "2024-01-20", "2024-04-30");
  const auto clues = s.Run("2024-06-30");
  ASSERT_EQ(clues.size(), 1u);
  EXPECT_EQ(Scenario::Months(clues[0]), (V{"2024-02", "2024-03", "2024-04"}));
}

TEST(Imprisoned, CommunityCorrectionRaisesNothing) {
  Scenario s;
  s.Row("M1", 1, Program::kDibaoRural).Paid("M1", "2024-01", "2024-06");
  s.Record(RecordKind::kCommunityCorrection, "J-5", 1, "2024-01-01", "2024-06-30");
  s.Record(RecordKind::kCommunityCorrection, "J-6", 1, "2024-01-01");
  EXPECT_TRUE(s.Run("2024-06-30").empty());
}

TEST(Imprisoned, EachCustodyIntervalGetsItsOwnClue) {
  Scenario s;
  s.Row("M1", 1, Program::kDibaoRural).Paid("M1", "2024-01", "2024-12");
  s.Record(RecordKind::kDetention, "PS-1", 1, "2024-02-01", "2024-02-29");
  s.Record(RecordKind::kImprisonment, "J-1", 1, "2024-06-01");
  s.Record(RecordKind::kRelease, "J-2", 1, "2024-07-31");
  const auto clues = s.Run("2024-12-31");
  EXPECT_EQ(Scenario::Keys(clues),
            (V{"imprisoned:M1:justice:J-1", "imprisoned:M1:public_security:PS-1"}));
  EXPECT_EQ(Scenario::Months(clues[0]), (V{"2024-06", "2024-07"}));
  EXPECT_EQ(Scenario::Months(clues[1]), V{"2024-02"});
}

TEST(Imprisoned, CustodyWithoutAWholePaidMonthRaisesNothing) {
  Scenario s;
  s.Row("M1", 1, Program::kDibaoRural).Paid("M1", "2024-01", "2024-02");
  s.Record(RecordKind::kImprisonment, "J-1", 1, "2024-03-01");
  EXPECT_TRUE(s.Run("2024-06-30").empty());
}

}  // namespace
}  // namespace xmatch::matcher::testing
