// duplicate_enrollment (CONTRACT §2): two active rows of one person in different
// townships, the same program, or incompatible programs.
#include <gtest/gtest.h>

#include "matcher/tests/scenario.h"

namespace xmatch::matcher::testing {
namespace {

using V = std::vector<std::string>;

TEST(DuplicateEnrollment, IncompatibleProgramsInOneTownshipConflict) {
  Scenario s;
  s.Row("M1", 1, Program::kDibaoRural).Paid("M1", "2024-01", "2024-04", 60000);
  s.Row("M2", 1, Program::kTekunDispersed, kVillageA2).Paid("M2", "2024-03", "2024-06", 90000);
  const auto clues = s.Run("2024-07-01");
  ASSERT_EQ(Scenario::Keys(clues),
            (V{"duplicate_enrollment:M1:M2", "duplicate_enrollment:M2:M1"}));
  EXPECT_EQ(s.OtherMembers(clues[0]), V{"M2"});
  EXPECT_EQ(Scenario::Months(clues[0]), (V{"2024-03", "2024-04"}));
  EXPECT_EQ(clues[0].overpaid_amount, Fen(120000));
  EXPECT_EQ(clues[1].overpaid_amount, Fen(180000));
  EXPECT_TRUE(clues[0].records.empty());
}

TEST(DuplicateEnrollment, CompatibleProgramsInOneTownshipDoNotConflict) {
  Scenario s;
  s.Row("M1", 1, Program::kDibaoUrban).Paid("M1", "2024-01", "2024-04");
  s.Row("M2", 1, Program::kDisabilityLiving).Paid("M2", "2024-01", "2024-04");
  s.Row("M3", 1, Program::kDisabilityCare, kVillageA2).Paid("M3", "2024-01", "2024-04");
  EXPECT_TRUE(s.Run("2024-05-01").empty());
}

TEST(DuplicateEnrollment, OrphanAndDeFactoOrphanConflict) {
  Scenario s;
  s.Row("M1", 1, Program::kOrphan);
  s.Row("M2", 1, Program::kDeFactoOrphan);
  EXPECT_EQ(Scenario::Keys(s.Run("2024-05-01")),
            (V{"duplicate_enrollment:M1:M2", "duplicate_enrollment:M2:M1"}));
}

TEST(DuplicateEnrollment, SameProgramTwiceConflictsEvenInOneVillage) {
  Scenario s;
  s.Row("M1", 1, Program::kElderlyAllowance);
  s.Row("M2", 1, Program::kElderlyAllowance);
  EXPECT_EQ(s.Run("2024-05-01").size(), 2u);
}

TEST(DuplicateEnrollment, DifferentTownshipsConflictWhateverThePrograms) {
  Scenario s;
  s.Row("M1", 1, Program::kDisabilityLiving, kVillageA);
  s.Row("M2", 1, Program::kElderlyAllowance, kVillageB);
  EXPECT_EQ(Scenario::Keys(s.Run("2024-05-01")),
            (V{"duplicate_enrollment:M1:M2", "duplicate_enrollment:M2:M1"}));
}

TEST(DuplicateEnrollment, ClueWithoutAMonthPaidTwiceHasZeroAmount) {
  Scenario s;
  s.Row("M1", 1, Program::kDibaoRural).Paid("M1", "2024-01", "2024-02");
  s.Row("M2", 1, Program::kDibaoRural, kVillageB).Paid("M2", "2024-03", "2024-04");
  const auto clues = s.Run("2024-05-01");
  ASSERT_EQ(clues.size(), 2u);
  EXPECT_EQ(clues[0].overpaid_periods(), 0);
  EXPECT_EQ(clues[0].overpaid_amount, Fen(0));
}

TEST(DuplicateEnrollment, ExitedAndSuspendedRowsAreExcluded) {
  Scenario s;
  s.Row("M1", 1, Program::kDibaoRural).Paid("M1", "2024-01", "2024-04");
  s.Row("M2", 1, Program::kDibaoRural, kVillageB, RollStatus::kExited)
      .Paid("M2", "2024-01", "2024-04");
  s.Row("M3", 1, Program::kTekunDispersed, kVillageA, RollStatus::kSuspended)
      .Paid("M3", "2024-01", "2024-04");
  EXPECT_TRUE(s.Run("2024-05-01").empty());
}

TEST(DuplicateEnrollment, AClueNamesAllConflictingRowsAndOnlyThose) {
  Scenario s;
  s.Row("M1", 1, Program::kDibaoUrban).Paid("M1", "2024-01", "2024-03");
  s.Row("M3", 1, Program::kTekunCentralized).Paid("M3", "2024-02", "2024-02");
  s.Row("M2", 1, Program::kDisabilityLiving, kVillageB).Paid("M2", "2024-03", "2024-03");
  s.Row("M4", 1, Program::kDisabilityCare).Paid("M4", "2024-01", "2024-03");
  const auto clues = s.Run("2024-05-01");
  // M4 is compatible with M1 and M3 (same township) but not with M2 (other township).
  const Clue* m1 = Scenario::Find(clues, "duplicate_enrollment:M1:M2:M3");
  ASSERT_NE(m1, nullptr);
  EXPECT_EQ(s.OtherMembers(*m1), (V{"M2", "M3"}));
  EXPECT_EQ(Scenario::Months(*m1), (V{"2024-02", "2024-03"}));
  EXPECT_NE(Scenario::Find(clues, "duplicate_enrollment:M2:M1:M3:M4"), nullptr);
  EXPECT_NE(Scenario::Find(clues, "duplicate_enrollment:M3:M1:M2"), nullptr);
  EXPECT_NE(Scenario::Find(clues, "duplicate_enrollment:M4:M2"), nullptr);
  EXPECT_EQ(clues.size(), 4u);
}

TEST(DuplicateEnrollment, IncompatibleGroupsAreConfigurable) {
  Scenario s;
  s.Row("M1", 1, Program::kDibaoRural);
  s.Row("M2", 1, Program::kTekunDispersed);
  s.Row("M3", 2, Program::kDisabilityLiving);
  s.Row("M4", 2, Program::kDisabilityCare);
  MatchConfig config;
  config.incompatible_programs = {{"disability_living", "disability_care"}};
  EXPECT_EQ(Scenario::Keys(s.Run("2024-05-01", config)),
            (V{"duplicate_enrollment:M3:M4", "duplicate_enrollment:M4:M3"}));
}

TEST(DuplicateEnrollment, UnknownProgramInConfigIsRefusedNamingTheSetting) {
  RollTableBuilder b;
  Result<RollTable> roll = std::move(b).Build();
  ASSERT_TRUE(roll.ok());
  MatchConfig config;
  config.incompatible_programs = {{"dibao_rural", "dibao_rurall"}};
  Result<MatchEngine> engine = MatchEngine::Create(*roll, config);
  ASSERT_FALSE(engine.ok());
  EXPECT_EQ(engine.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(engine.status().message().find("match.incompatible_programs"), std::string::npos);
}

}  // namespace
}  // namespace xmatch::matcher::testing
