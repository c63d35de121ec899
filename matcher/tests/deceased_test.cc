// deceased (CONTRACT §2): overpaid months are paid months after the month of the earliest
// death date D; an active row is flagged once R is more than 90 days after D.
#include <gtest/gtest.h>

#include "matcher/tests/scenario.h"

namespace xmatch::matcher::testing {
namespace {

using V = std::vector<std::string>;

TEST(Deceased, DeathOnFirstDayOfMonthOverpaysFromTheNextMonth) {
  Scenario s;
  s.Row("M1", 1, Program::kDibaoRural).Paid("M1", "2024-01", "2024-05", 65000);
  s.Record(RecordKind::kDeath, "PS-1", 1, "2024-03-01");
  const auto clues = s.Run("2024-04-15");
  const Clue* c = Scenario::Find(clues, "deceased:M1");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(Scenario::Months(*c), (V{"2024-04", "2024-05"}));
  EXPECT_EQ(c->overpaid_periods(), 2);
  EXPECT_EQ(c->overpaid_amount, Fen(130000));
  EXPECT_EQ(s.RecordIds(*c), V{"PS-1"});
  EXPECT_EQ(s.roll().member_id(c->row), "M1");
}

TEST(Deceased, DeathOnLastDayOfMonthDoesNotMakeThatMonthOverpaid) {
  Scenario s;
  s.Row("M1", 1, Program::kDibaoRural).Paid("M1", "2024-01", "2024-04");
  s.Record(RecordKind::kDeath, "PS-1", 1, "2024-03-31");
  const auto clues = s.Run("2024-04-15");
  const Clue* c = Scenario::Find(clues, "deceased:M1");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(Scenario::Months(*c), V{"2024-04"});
}

TEST(Deceased, DeathInAMonthWithNoPaymentCountsOnlyLaterPaidMonths) {
  Scenario s;
  s.Row("M1", 1, Program::kDibaoRural)
      .Paid("M1", "2024-01", "2024-02", 50000)
      .Paid("M1", "2024-04", "2024-04", 70000);
  s.Record(RecordKind::kDeath, "PS-1", 1, "2024-03-10");
  const auto clues = s.Run("2024-04-20");
  const Clue* c = Scenario::Find(clues, "deceased:M1");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(Scenario::Months(*c), V{"2024-04"});
  EXPECT_EQ(c->overpaid_amount, Fen(70000));
}

TEST(Deceased, EarliestDateAcrossSourcesWinsAndAllDeathRecordsAreCited) {
  Scenario s;
  s.Row("M1", 1, Program::kDibaoRural).Paid("M1", "2024-01", "2024-06");
  s.Record(RecordKind::kDeath, "PS-1", 1, "2024-05-10");
  s.Record(RecordKind::kDeathCertificate, "HC-1", 1, "2024-03-20");
  const auto clues = s.Run("2024-06-15");
  const Clue* c = Scenario::Find(clues, "deceased:M1");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(Scenario::Months(*c), (V{"2024-04", "2024-05", "2024-06"}));
  // Ordered by (source, record_id): public_security before health.
  EXPECT_EQ(s.RecordIds(*c), (V{"PS-1", "HC-1"}));
}

TEST(Deceased, EveryKindOfDeathEvidenceCountsAndOtherReasonsDoNot) {
  Scenario s;
  s.Row("M1", 1, Program::kDibaoRural).Paid("M1", "2024-01", "2024-03");
  s.Row("M2", 2, Program::kDibaoRural).Paid("M2", "2024-01", "2024-03");
  s.Row("M3", 3, Program::kDibaoRural).Paid("M3", "2024-01", "2024-03");
  s.Row("M4", 4, Program::kDibaoRural).Paid("M4", "2024-01", "2024-03");
  s.Record(RecordKind::kDeregistration, "PS-1", 1, "2024-01-05", std::nullopt, "death");
  s.Record(RecordKind::kPensionStop, "PE-1", 2, "2024-01-05", std::nullopt, "death");
  s.Record(RecordKind::kDeregistration, "PS-3", 3, "2024-01-05", std::nullopt, "emigration");
  s.Record(RecordKind::kPensionStop, "PE-4", 4, "2024-01-05", std::nullopt, "other");
  const auto clues = s.Run("2024-03-15");
  EXPECT_EQ(Scenario::Keys(clues), (V{"deceased:M1", "deceased:M2"}));
}

TEST(Deceased, ActiveRowIsFlaggedWhenRunDateIsMoreThanNinetyDaysAfterDeath) {
  // 2024-01-01 + 90 days = 2024-03-31 (leap year). No payment after January.
  Scenario s;
  s.Row("M1", 1, Program::kDibaoRural).Paid("M1", "2024-01", "2024-01");
  s.Record(RecordKind::kDeath, "PS-1", 1, "2024-01-01");
  EXPECT_TRUE(s.Run("2024-03-31").empty()) << "exactly 90 days is not more than 90";
  const auto clues = s.Run("2024-04-01");
  const Clue* c = Scenario::Find(clues, "deceased:M1");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->overpaid_periods(), 0);
  EXPECT_EQ(c->overpaid_amount, Fen(0));
}

TEST(Deceased, SuspendedOrExitedRowIsFlaggedOnlyForOverpaidMonths) {
  Scenario s;
  s.Row("M1", 1, Program::kDibaoRural, kVillageA, RollStatus::kSuspended)
      .Paid("M1", "2023-01", "2023-12");
  s.Row("M2", 1, Program::kOrphan, kVillageA, RollStatus::kExited)
      .Paid("M2", "2023-01", "2024-02");
  s.Record(RecordKind::kDeath, "PS-1", 1, "2023-12-15");
  const auto clues = s.Run("2024-06-01");  // long after D
  EXPECT_EQ(Scenario::Keys(clues), V{"deceased:M2"});
  EXPECT_EQ(Scenario::Months(clues[0]), (V{"2024-01", "2024-02"}));
}

TEST(Deceased, EachRollRowOfThePersonGetsItsOwnClue) {
  Scenario s;
  s.Row("M1", 1, Program::kDibaoRural).Paid("M1", "2024-01", "2024-04", 50000);
  s.Row("M2", 1, Program::kDisabilityLiving).Paid("M2", "2024-01", "2024-03", 8000);
  s.Row("M3", 2, Program::kDibaoRural).Paid("M3", "2024-01", "2024-04");
  s.Record(RecordKind::kDeath, "PS-1", 1, "2024-02-10");
  const auto clues = s.Run("2024-04-15");
  EXPECT_EQ(Scenario::Keys(clues), (V{"deceased:M1", "deceased:M2"}));
  EXPECT_EQ(clues[0].overpaid_amount, Fen(100000));
  EXPECT_EQ(clues[1].overpaid_amount, Fen(8000));
}

TEST(Deceased, NoClueWithoutOverpaidMonthsWithinNinetyDays) {
  Scenario s;
  s.Row("M1", 1, Program::kDibaoRural).Paid("M1", "2024-01", "2024-02");
  s.Record(RecordKind::kDeath, "PS-1", 1, "2024-02-20");
  EXPECT_TRUE(s.Run("2024-03-10").empty());
}

}  // namespace
}  // namespace xmatch::matcher::testing
