#include "matcher/run/clue_row.h"

#include <gtest/gtest.h>

#include "matcher/tests/scenario.h"

namespace xmatch::matcher::testing {
namespace {

// A dead person paid after the death; `origin_offset` is where the death record came from.
struct DeadAndPaid {
  explicit DeadAndPaid(int64_t origin_offset, const char* last_paid = "2024-06") {
    RollTableBuilder builder;
    EXPECT_TRUE(builder.AddRow({"M1", "H1", PersonNo(1), Program::kDibaoUrban, kVillageA,
                                RollStatus::kActive}).ok());
    for (Month m = M("2024-01"); m <= M(last_paid); m = m.Next()) {
      EXPECT_TRUE(builder.AddPayment("M1", m, Fen(65000)).ok());
    }
    roll = *std::move(builder).Build();
    DeptRecord death;
    death.kind = RecordKind::kDeath;
    death.record_id = "PS-1";
    death.person = PersonNo(1);
    death.event_date = D("2024-02-10");
    death.origin = {"public_security.records", 0, origin_offset, "", 0};
    records.Add(death);
    auto engine = MatchEngine::Create(roll, MatchConfig{});
    EXPECT_TRUE(engine.ok());
    clues = engine->Run(records, D("2024-06-30"));
    EXPECT_EQ(clues.size(), 1u);
  }
  ClueRow Row() const { return MakeClueRow(clues.at(0), roll, records); }

  RollTable roll;
  DeptRecordTable records;
  std::vector<Clue> clues;
};

TEST(ClueRow, EvidenceCitesTheRecordWithItsOriginAndTheOverpaidMonths) {
  const ClueRow row = DeadAndPaid(41).Row();
  EXPECT_EQ(row.clue_key, "deceased:M1");
  EXPECT_EQ(row.overpaid_periods, 4);
  EXPECT_EQ(row.overpaid_amount.ToString(), "2600.00");
  EXPECT_NE(row.evidence.find(R"("death_date":"2024-02-10")"), std::string::npos) << row.evidence;
  EXPECT_NE(row.evidence.find(R"("origin":{"offset":41,"partition":0,"topic":"public_security.records"})"),
            std::string::npos)
      << row.evidence;
  EXPECT_NE(row.evidence.find(R"({"amount":"650.00","period":"2024-03"})"), std::string::npos);
  EXPECT_NE(row.evidence.find(R"("rule_version":")"), std::string::npos);
}

TEST(ClueRow, TheSameRecordFromAnotherOffsetKeepsTheEvidenceHash) {
  EXPECT_EQ(DeadAndPaid(41).Row().evidence_hash, DeadAndPaid(977).Row().evidence_hash);
}

TEST(ClueRow, OneMoreOverpaidMonthChangesTheEvidenceHash) {
  EXPECT_NE(DeadAndPaid(41, "2024-06").Row().evidence_hash,
            DeadAndPaid(41, "2024-07").Row().evidence_hash);
}

}  // namespace
}  // namespace xmatch::matcher::testing
