// Incremental runs are exact: after every incremental run on randomly changing data
// (roll rows added, changed, moved to another person and deleted; payments added,
// changed and removed; department records landed and purged) and an advancing run date,
// the clues holding evidence are exactly those a full recompute raises from the same
// database, with the same evidence hashes, months and amounts.
#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <vector>

#include "matcher/run/compute_clues.h"
#include "matcher/run/run_match.h"
#include "matcher/tests/random_world.h"
#include "matcher/tests/run_test_support.h"
#include "tests/support/pg_fixture.h"

namespace xmatch::matcher::testing {
namespace {

constexpr int kRuns = 14;

class IncrementalRuns : public xmatch::testing::PgTest,
                        public ::testing::WithParamInterface<unsigned> {
 protected:
  // "key hash periods amount" of every clue a full recompute raises now.
  std::set<std::string> FullRecompute(Date run_date) {
    pqxx::work tx(conn());
    RunSummary unused;
    auto rows = ComputeClues({&tx}, InputScope::kEverything, TokenKeyRange{}, run_date,
                             MatchConfig{}, 2, nullptr, &unused);
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
