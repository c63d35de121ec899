// pension_income (CONTRACT §2): dibao_*/tekun_* rows; a paid month is overpaid when the
// person's pension payments for it total strictly more than the threshold.
#include <gtest/gtest.h>

#include "matcher/tests/scenario.h"

namespace xmatch::matcher::testing {
namespace {

using V = std::vector<std::string>;

TEST(PensionIncome, PensionExactlyAtTheThresholdRaisesNothing) {
  Scenario s;
  s.Row("M1", 1, Program::kDibaoUrban).Paid("M1", "2024-01", "2024-03");
  s.Pension("P-1", 1, "2024-01", 100000);
  s.Pension("P-2", 1, "2024-02", 100000);
  EXPECT_TRUE(s.Run("2024-04-01").empty());
}

TEST(PensionIncome, OneFenAboveTheThresholdRaisesAClue) {
  Scenario s;
  s.Row("M1", 1, Program::kDibaoUrban).Paid("M1", "2024-01", "2024-03", 65000);
  s.Pension("P-1", 1, "2024-01", 100000);
  s.Pension("P-2", 1, "2024-02", 100001);
  const auto clues = s.Run("2024-04-01");
  const Clue* c = Scenario::Find(clues, "pension_income:M1");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(Scenario::Months(*c), V{"2024-02"});
  EXPECT_EQ(c->overpaid_amount, Fen(65000));
  EXPECT_EQ(s.RecordIds(*c), V{"P-2"});
}

TEST(PensionIncome, PaymentsSplitWithinAMonthAreSummed) {
  Scenario s;
  s.Row("M1", 1, Program::kTekunDispersed).Paid("M1", "2024-01", "2024-03");
  s.Pension("P-1", 1, "2024-03", 60000, "enterprise_employee");
  s.Pension("P-2", 1, "2024-03", 50000, "urban_rural_resident");
  s.Pension("P-3", 1, "2024-02", 60000);
  const auto clues = s.Run("2024-04-01");
  ASSERT_EQ(clues.size(), 1u);
  EXPECT_EQ(Scenario::Months(clues[0]), V{"2024-03"});
  EXPECT_EQ(s.RecordIds(clues[0]), (V{"P-1", "P-2"}));
}

TEST(PensionIncome, OnlyDibaoAndTekunRowsAreChecked) {
  Scenario s;
  s.Row("M1", 1, Program::kDisabilityLiving).Paid("M1", "2024-01", "2024-02");
  s.Row("M2", 1, Program::kTekunCentralized, kVillageB).Paid("M2", "2024-01", "2024-02");
  s.Row("M3", 1, Program::kElderlyAllowance).Paid("M3", "2024-01", "2024-02");
  s.Pension("P-1", 1, "2024-01", 300000);
  const auto clues = s.Run("2024-03-01");
  EXPECT_NE(Scenario::Find(clues, "pension_income:M2"), nullptr);
  EXPECT_EQ(Scenario::Find(clues, "pension_income:M1"), nullptr);
  EXPECT_EQ(Scenario::Find(clues, "pension_income:M3"), nullptr);
}

TEST(PensionIncome, PensionInAMonthNotPaidIsNotOverpaid) {
  Scenario s;
  s.Row("M1", 1, Program::kDibaoRural).Paid("M1", "2024-01", "2024-01");
  s.Pension("P-1", 1, "2024-02", 300000);
  EXPECT_TRUE(s.Run("2024-03-01").empty());
}

TEST(PensionIncome, ThresholdsAreConfigurablePerProgramGroup) {
  Scenario s;
  s.Row("M1", 1, Program::kDibaoRural).Paid("M1", "2024-01", "2024-01");
  s.Row("M2", 2, Program::kTekunDispersed).Paid("M2", "2024-01", "2024-01");
  s.Pension("P-1", 1, "2024-01", 150000);
  s.Pension("P-2", 2, "2024-01", 150000);
  MatchConfig config;
  config.pension_threshold_tekun_fen = 200000;
  EXPECT_EQ(Scenario::Keys(s.Run("2024-02-01", config)), V{"pension_income:M1"});
}

}  // namespace
}  // namespace xmatch::matcher::testing
