// Sharded runs (`xmatch match --shard K/N`) together raise exactly the clues of one
// unsharded run. Two databases get the same random inputs (RandomWorld with one seed):
// on one, an unsharded `xmatch match`; on the other, shard 1/2 then shard 2/2. After the
// first (full) round and after every incremental round with an advancing run date, the
// two ledgers hold the same clues with the same evidence, months and amounts.
#include <gtest/gtest.h>

#include <memory>
#include <random>
#include <set>
#include <string>

#include "matcher/run/run_log.h"
#include "matcher/run/run_match.h"
#include "matcher/tests/random_world.h"
#include "common/token.h"
#include "store/connection.h"
#include "tests/support/pg_fixture.h"

namespace xmatch::matcher::testing {
namespace {

constexpr int kRounds = 6;

class ShardedRuns : public xmatch::testing::PgTest,
                    public ::testing::WithParamInterface<unsigned> {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    sharded_dsn_ = xmatch::testing::PgTestServer::Get().NewDatabase();
    auto conn = store::Connect(sharded_dsn_);
    ASSERT_TRUE(conn.ok()) << conn.status().ToString();
    sharded_ = std::move(conn).value();
  }
  void TearDown() override {
    if (sharded_ != nullptr) {
      const std::string name = pqxx::nontransaction(*sharded_)
                                   .exec1("SELECT current_database()")[0]
                                   .as<std::string>();
      sharded_.reset();
      xmatch::testing::PgTestServer::Get().DropDatabase(name);
    }
    PgTest::TearDown();
  }

  static RunSummary Run(pqxx::connection& conn, Date run_date, Shard shard) {
    RunOptions options;
    options.run_date = run_date;
    options.progress = nullptr;
    options.threads = 2;
    options.shard = shard;
    auto summary = RunMatch(conn, options);
    EXPECT_TRUE(summary.ok()) << summary.status().ToString();
    return summary.ok() ? *summary : RunSummary{};
  }
  // "key hash periods amount" of the clues that hold evidence.
  static std::set<std::string> Ledger(pqxx::connection& conn) {
    pqxx::work tx(conn);
    std::set<std::string> clues;
    for (const auto& row : tx.exec("SELECT clue_key || ' ' || evidence_hash || ' ' || "
                                   "overpaid_periods || ' ' || overpaid_amount FROM clues "
                                   "WHERE NOT evidence_gone")) {
      clues.insert(row[0].c_str());
    }
    return clues;
  }

  std::string sharded_dsn_;
  std::unique_ptr<pqxx::connection> sharded_;
};

TEST_P(ShardedRuns, TogetherRaiseTheCluesOfOneRun) {
  RandomWorld world(GetParam());
  RandomWorld twin(GetParam());
  std::mt19937 rng(GetParam() * 104729u);
  Date run_date = *Date::Parse("2025-03-01");
  const auto change = [&](int changes) {
    pqxx::work a(conn());
    pqxx::work b(*sharded_);
    for (int i = 0; i < changes; ++i) {
      world.Change(a, run_date);
      twin.Change(b, run_date);
    }
    a.commit();
    b.commit();
  };
  change(120);
  const Shard first{1, 2};
  const Shard second{2, 2};
  size_t clues_seen = 0;
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round) + ", R = " + run_date.ToString());
    if (round > 0) change(std::uniform_int_distribution<int>(1, 12)(rng));

    const RunSummary one = Run(conn(), run_date, Shard{});
    const RunSummary shard1 = Run(*sharded_, run_date, first);
    const RunSummary shard2 = Run(*sharded_, run_date, second);
    EXPECT_EQ(one.full, round == 0);
    EXPECT_EQ(shard1.full, round == 0);
    EXPECT_EQ(shard2.full, round == 0);
    if (round == 0) {
      // Each shard read its own share of the roll, and the shares make the whole.
      EXPECT_GT(shard1.roll_rows, 0u);
      EXPECT_GT(shard2.roll_rows, 0u);
      EXPECT_EQ(shard1.roll_rows + shard2.roll_rows, one.roll_rows);
    }

    const std::set<std::string> expected = Ledger(conn());
    EXPECT_EQ(Ledger(*sharded_), expected);
    clues_seen += expected.size();
    run_date = run_date.AddDays(std::uniform_int_distribution<int>(0, 40)(rng));
  }
  EXPECT_GT(clues_seen, 30u) << "the random data should raise clues";

  // Each shard wrote its own match_runs rows, and both shards' clues are in the ledger.
  pqxx::work tx(*sharded_);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM match_runs WHERE shard = '1/2' AND status = "
                     "'succeeded'")[0].as<int>(),
            kRounds);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM match_runs WHERE shard IS NULL")[0].as<int>(), 0);
  for (const Shard& shard : {first, second}) {
    EXPECT_GT(tx.exec1("SELECT count(*) FROM clues WHERE " +
                       shard.range().Sql("token_key"))[0].as<int>(), 0)
        << "shard " << shard.ToString() << " raised nothing";
  }
}

// Seeds whose roll has people in both shards (with seed 2 every roll person of the 30
// falls in shard 2/2).
INSTANTIATE_TEST_SUITE_P(Seeds, ShardedRuns, ::testing::Values(1u, 3u, 4u));

class ShardRun : public xmatch::testing::PgTest {
 protected:
  Status Run(Shard shard, bool full = false) {
    RunOptions options;
    options.run_date = *Date::Parse("2025-03-01");
    options.progress = nullptr;
    options.shard = shard;
    options.full = full;
    return RunMatch(conn(), options).status();
  }
  // The first test person (run_test_support.h) whose token falls in `shard`.
  static int PersonIn(const Shard& shard) {
    for (int n = 0;; ++n) {
      if (shard.range().Contains(TokenKeyOfToken(TokenOfPerson(n)))) return n;
    }
  }
  long Holding() { return Count("clues WHERE NOT evidence_gone"); }
  std::unique_ptr<pqxx::connection> Other() {
    auto other = store::Connect(dsn());
    EXPECT_TRUE(other.ok()) << other.status().ToString();
    return other.ok() ? std::move(other).value() : nullptr;
  }
};

TEST_F(ShardRun, TouchesOnlyTheCluesOfItsOwnPeople) {
  const Shard first{1, 2};
  const Shard second{2, 2};
  {
    // A person in each shard, paid a month after their death: a deceased clue each.
    pqxx::work tx(conn());
    for (const Shard& shard : {first, second}) {
      const int person = PersonIn(shard);
      const std::string member = "M" + shard.ToString();
      InsertRollRow(tx, member, person, "dibao_rural", "410102001001");
      InsertPayment(tx, member, "2025-01");
      InsertRecord(tx, Record("public_security", "D" + shard.ToString(), "death",
                              TokenOfPerson(person), "2024-12-10"));
    }
    tx.commit();
  }
  ASSERT_TRUE(Run(first).ok());
  EXPECT_EQ(Holding(), 1);
  ASSERT_TRUE(Run(second).ok());
  EXPECT_EQ(Holding(), 2) << "shard 2/2 must not mark shard 1/2's clue evidence_gone";
  ASSERT_TRUE(Run(second, true).ok());
  ASSERT_TRUE(Run(first, true).ok());
  EXPECT_EQ(Holding(), 2);
  EXPECT_EQ(Count("clue_events WHERE action = 'evidence_gone'"), 0);
}

TEST_F(ShardRun, OneRunPerShardAndNoShardBesideAnUnshardedRun) {
  const Shard first{1, 2};
  const Shard second{2, 2};
  const auto other = Other();
  ASSERT_NE(other, nullptr);
  {
    auto shard1 = RunLock::Acquire(*other, first);  // shard 1/2 running elsewhere
    ASSERT_TRUE(shard1.ok()) << shard1.status().ToString();
    EXPECT_EQ(Run(first).code(), Status::Code::kFailedPrecondition);
    EXPECT_EQ(Run(Shard{}).code(), Status::Code::kFailedPrecondition);
    EXPECT_TRUE(Run(second).ok());
  }
  {
    auto unsharded = RunLock::Acquire(*other, Shard{});  // an unsharded run elsewhere
    ASSERT_TRUE(unsharded.ok()) << unsharded.status().ToString();
    EXPECT_EQ(Run(second).code(), Status::Code::kFailedPrecondition);
  }
  EXPECT_TRUE(Run(Shard{}).ok());
  EXPECT_TRUE(Run(first).ok());
}

}  // namespace
}  // namespace xmatch::matcher::testing
