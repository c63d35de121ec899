// Incremental runs are exact: after every incremental run on randomly changing data
// (roll rows added, changed, moved to another person and deleted; payments added,
// changed and removed; department records landed and purged) and an advancing run date,
// the clues holding evidence are exactly those a full recompute raises from the same
// database, with the same evidence hashes, months and amounts.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "matcher/run/compute_clues.h"
#include "matcher/run/run_match.h"
#include "matcher/tests/run_test_support.h"
#include "tests/support/pg_fixture.h"

namespace xmatch::matcher::testing {
namespace {

constexpr int kPeople = 30;
constexpr int kRuns = 14;
const char* const kPrograms[] = {"dibao_urban", "dibao_rural", "tekun_dispersed",
                                  "disability_living", "orphan", "de_facto_orphan"};
const char* const kVillages[] = {"410102001001", "410102001002", "410102002001", "410103001001"};
const char* const kStatuses[] = {"active", "active", "active", "suspended", "exited"};

// Random changes to the inputs, remembering what exists so that it can pick rows to
// change or delete. Deterministic for a seed.
class RandomWorld {
 public:
  explicit RandomWorld(unsigned seed) : rng_(seed) {}

  void Change(pqxx::work& tx, Date today) {
    switch (Pick(10)) {
      case 0: case 1: AddRollRow(tx); break;
      case 2: ChangeRollRow(tx); break;
      case 3: DeleteRollRow(tx); break;
      case 4: case 5: AddPayments(tx, today); break;
      case 6: RemovePayment(tx); break;
      case 7: case 8: AddRecord(tx, today); break;
      case 9: PurgeRecord(tx); break;
    }
  }

 private:
  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  template <typename T, size_t N>
  const T& Pick(const T (&items)[N]) { return items[Pick(static_cast<int>(N))]; }
  std::string MonthNear(Date around, int spread_months) {
    const int32_t index = around.month_of().index() - spread_months + Pick(2 * spread_months + 1);
    return xmatch::Month::FromIndex(index).ToString();
  }
  std::string DayNear(Date around, int spread_days) {
    return around.AddDays(Pick(2 * spread_days + 1) - spread_days).ToString();
  }

  void AddRollRow(pqxx::work& tx) {
    const std::string member = "M" + std::to_string(next_member_++);
    InsertRollRow(tx, member, Pick(kPeople), Pick(kPrograms), Pick(kVillages), Pick(kStatuses));
    members_.push_back(member);
  }
  void ChangeRollRow(pqxx::work& tx) {
    if (members_.empty()) return;
    const std::string& member = members_[Pick(static_cast<int>(members_.size()))];
    switch (Pick(4)) {
      case 0:
        tx.exec_params("UPDATE roll_members SET status = $2 WHERE member_id = $1", member,
                       Pick(kStatuses));
        break;
      case 1:
        tx.exec_params("UPDATE roll_members SET program = $2 WHERE member_id = $1", member,
                       Pick(kPrograms));
        break;
      case 2:
        tx.exec_params("UPDATE roll_members SET region_code = $2 WHERE member_id = $1", member,
                       Pick(kVillages));
        break;
      case 3: {  // a corrected ID number: the row moves to another person
        const int person = Pick(kPeople);
        tx.exec_params(
            "UPDATE roll_members SET id_number = $2, id_token = $3 WHERE member_id = $1", member,
            IdOfPerson(person), TokenOfPerson(person));
        break;
      }
    }
  }
  void DeleteRollRow(pqxx::work& tx) {
    if (members_.empty()) return;
    const size_t i = Pick(static_cast<int>(members_.size()));
    tx.exec_params("DELETE FROM roll_members WHERE member_id = $1", members_[i]);
    members_.erase(members_.begin() + static_cast<long>(i));
  }
  void AddPayments(pqxx::work& tx, Date today) {
    if (members_.empty()) return;
    const std::string& member = members_[Pick(static_cast<int>(members_.size()))];
    for (int k = Pick(4); k >= 0; --k) {
      InsertPayment(tx, member, MonthNear(today, 5), Pick(3) == 0 ? "900.00" : "650.00");
    }
  }
  void RemovePayment(pqxx::work& tx) {
    if (members_.empty()) return;
    tx.exec_params(
        "DELETE FROM payments WHERE (member_id, period) IN ("
        "  SELECT member_id, period FROM payments WHERE member_id = $1 ORDER BY period LIMIT 1)",
        members_[Pick(static_cast<int>(members_.size()))]);
  }
  void AddRecord(pqxx::work& tx, Date today) {
    RecordRow r;
    r.record_id = "R" + std::to_string(next_record_++);
    r.id_token = TokenOfPerson(Pick(kPeople));
    r.event_date = DayNear(today, 150);
    switch (Pick(9)) {
      case 0: r.source = "public_security"; r.kind = "death"; break;
      case 1:
        r.source = "public_security";
        r.kind = "deregistration";
        r.reason = Pick(2) == 0 ? "death" : "emigration";
        break;
      case 2: r.source = "health"; r.kind = "death_certificate"; break;
      case 3:
        r.source = "pension";
        r.kind = "pension_stop";
        r.reason = Pick(2) == 0 ? "death" : "other";
        break;
      case 4:
        r.source = "public_security";
        r.kind = "detention";
        if (Pick(2) == 0) r.end_date = DayNear(Date::Parse(r.event_date)->AddDays(60), 60);
        break;
      case 5:
        r.source = "justice";
        r.kind = "imprisonment";
        if (Pick(2) == 0) r.end_date = DayNear(today, 100);  // expected_release
        break;
      case 6: r.source = "justice"; r.kind = "release"; break;
      case 7:
        r.source = "justice";
        r.kind = "community_correction";
        break;
      case 8:
        r.source = "pension";
        r.kind = "pension_payment";
        r.event_date = MonthNear(today, 5) + "-01";
        r.amount = Pick(2) == 0 ? "600.00" : "1000.00";
        r.reason = "enterprise_employee";
        break;
    }
    InsertRecord(tx, r);
    records_.push_back(r.source + "/" + r.record_id);
  }
  void PurgeRecord(pqxx::work& tx) {
    if (records_.empty()) return;
    const size_t i = Pick(static_cast<int>(records_.size()));
    const std::string& id = records_[i];
    tx.exec_params("DELETE FROM dept_records WHERE source = $1 AND record_id = $2",
                   id.substr(0, id.find('/')), id.substr(id.find('/') + 1));
    records_.erase(records_.begin() + static_cast<long>(i));
  }

  std::mt19937 rng_;
  int next_member_ = 0;
  int next_record_ = 0;
  std::vector<std::string> members_;
  std::vector<std::string> records_;  // "source/record_id"
};

class IncrementalRuns : public xmatch::testing::PgTest,
                        public ::testing::WithParamInterface<unsigned> {
 protected:
  // "key hash periods amount" of every clue a full recompute raises now.
  std::set<std::string> FullRecompute(Date run_date) {
    pqxx::work tx(conn());
    RunSummary unused;
    auto rows = ComputeClues(tx, InputScope::kEverything, run_date, MatchConfig{}, 2, nullptr,
                             &unused);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    std::set<std::string> clues;
    if (!rows.ok()) return clues;
    for (const ClueRow& r : *rows) {
      clues.insert(r.clue_key + " " + r.evidence_hash + " " + std::to_string(r.overpaid_periods) +
                   " " + r.overpaid_amount.ToString());
    }
    return clues;
  }
  // The same for the clues in the ledger that hold evidence.
  std::set<std::string> Ledger() {
    pqxx::work tx(conn());
    std::set<std::string> clues;
    for (const auto& row : tx.exec("SELECT clue_key || ' ' || evidence_hash || ' ' || "
                                   "overpaid_periods || ' ' || overpaid_amount FROM clues "
                                   "WHERE NOT evidence_gone")) {
      clues.insert(row[0].c_str());
    }
    return clues;
  }
};

TEST_P(IncrementalRuns, LeaveTheLedgerAFullRecomputeWould) {
  RandomWorld world(GetParam());
  std::mt19937 rng(GetParam() * 7919u);
  Date run_date = *Date::Parse("2025-03-01");
  {
    pqxx::work tx(conn());
    for (int i = 0; i < 120; ++i) world.Change(tx, run_date);
    tx.commit();
  }
  size_t clues_seen = 0;
  for (int run = 0; run < kRuns; ++run) {
    SCOPED_TRACE("run " + std::to_string(run) + ", R = " + run_date.ToString());
    if (run > 0) {
      pqxx::work tx(conn());
      for (int k = std::uniform_int_distribution<int>(0, 12)(rng); k > 0; --k) {
        world.Change(tx, run_date);
      }
      tx.commit();
    }
    if (run % 4 == 3) {  // reviewers at work: statuses must not matter
      pqxx::work tx(conn());
      tx.exec0("UPDATE clues SET status = 'dismissed' WHERE id % 3 = 0");
      tx.commit();
    }
    RunOptions options;
    options.run_date = run_date;
    options.progress = nullptr;
    options.threads = 2;
    auto summary = RunMatch(conn(), options);
    ASSERT_TRUE(summary.ok()) << summary.status().ToString();
    EXPECT_EQ(summary->full, run == 0);

    const std::set<std::string> expected = FullRecompute(run_date);
    EXPECT_EQ(Ledger(), expected);
    clues_seen += expected.size();
    run_date = run_date.AddDays(std::uniform_int_distribution<int>(0, 40)(rng));
  }
  EXPECT_GT(clues_seen, 50u) << "the random data should raise clues";
}

INSTANTIATE_TEST_SUITE_P(Seeds, IncrementalRuns, ::testing::Values(1u, 2u, 3u, 4u));

}  // namespace
}  // namespace xmatch::matcher::testing
