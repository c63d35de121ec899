// The real `xmatch match` binary on a real PostgreSQL:
//  - the summary it prints for a bureau head: clues per rule and per township (with the
//    township's name), new vs. already known, the overpaid amounts;
//  - a run killed at any moment — reading its inputs, joining, writing the clues —
//    leaves no half-written clues: the clues, their events and the run's match_runs row
//    commit in one transaction, so after a SIGKILL a reader finds either nothing of the
//    run or all of it, and the next run gives exactly the clues of a run never
//    interrupted.
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "common/tests/temp_dir.h"
#include "store/connection.h"
#include "tests/support/child_process.h"
#include "tests/support/pg_fixture.h"

#ifndef XMATCH_BINARY
#error "XMATCH_BINARY must be defined by the build"
#endif

namespace xmatch::matcher {
namespace {

using std::chrono::milliseconds;
using xmatch::testing::ChildProcess;

constexpr char kRunDate[] = "2026-06-30";
constexpr int kPeople = 40000;  // every 8th died on 2025-10-15 and was paid after: a clue

// The same inputs in every database: roll rows, 12 months of payments each, and the
// death records, with made-up tokens (the matcher never sees an ID number).
void FillInputs(const std::string& dsn) {
  auto conn = store::Connect(dsn);
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  pqxx::work tx(**conn);
  tx.exec0(
      "INSERT INTO roll_members (member_id, household_id, id_number, id_token, token_key, "
      "key_version, name, program, region_code, enrolled_on, monthly_amount, status) "
      "SELECT 'M' || i, 'H' || i, '4101021950' || lpad(i::text, 7, '0') || '1', "
      "encode(sha256(('person ' || i)::bytea), 'hex'), "
      "xmatch_token_key(encode(sha256(('person ' || i)::bytea), 'hex')), 1, '测试', 'dibao_rural', "
      "'410102' || lpad((1 + i % 5)::text, 3, '0') || '001', '2024-01-01', 650, 'active' "
      "FROM generate_series(1, " + std::to_string(kPeople) + ") i");
  tx.exec0(
      "INSERT INTO payments (member_id, period, amount, paid_on) "
      "SELECT 'M' || i, m::date, 650, m::date + 4 FROM generate_series(1, " + std::to_string(kPeople) +
      ") i, generate_series(date '2025-07-01', date '2026-06-01', interval '1 month') m");
  tx.exec0(
      "INSERT INTO dept_records (source, record_id, kind, agreement_id, schema_version, "
      "id_token, token_key, key_version, event_date, fields) "
      "SELECT 'public_security', 'PS-' || i, 'death', 'ps-2026-001', 1, "
      "encode(sha256(('person ' || i)::bytea), 'hex'), "
      "xmatch_token_key(encode(sha256(('person ' || i)::bytea), 'hex')), 1, '2025-10-15', '{}' "
      "FROM generate_series(8, " + std::to_string(kPeople) + ", 8) i");
  tx.exec0("ANALYZE");
  tx.commit();
}

std::string QueryText(pqxx::connection& conn, const std::string& sql) {
  pqxx::read_transaction tx(conn);
  return tx.exec1(sql)[0].as<std::string>("");
}

// What a reader sees of the runs: the clues with their evidence and amounts, and the
// events that created them.
struct Seen {
  long clues = 0;
  long created_events = 0;
  long succeeded_runs = 0;
  std::string fingerprint;  // md5 of every clue's identity, evidence and amount
};

Seen Look(pqxx::connection& conn) {
  pqxx::read_transaction tx(conn);
  const pqxx::row r = tx.exec1(
      "SELECT (SELECT count(*) FROM clues), "
      "(SELECT count(*) FROM clue_events WHERE action = 'created'), "
      "(SELECT count(*) FROM match_runs WHERE status = 'succeeded'), "
      "(SELECT coalesce(md5(string_agg(clue_key || '|' || evidence_hash || '|' || "
      "overpaid_periods || '|' || overpaid_amount, ',' ORDER BY clue_key)), '') FROM clues)");
  return {r[0].as<long>(), r[1].as<long>(), r[2].as<long>(), r[3].as<std::string>()};
}

class MatchBinaryTest : public xmatch::testing::PgTest {
 protected:
  std::unique_ptr<ChildProcess> StartMatch(const std::string& dsn,
                                           const std::string& stdout_file = "/dev/null") {
    return std::make_unique<ChildProcess>(
        std::vector<std::string>{XMATCH_BINARY, "--pg", dsn, "match", "--full", "--run-date",
                                 kRunDate},
        std::vector<std::string>{"XMATCH_LOG_LEVEL=warn"}, stdout_file, "/dev/null");
  }
};

TEST_F(MatchBinaryTest, TheSummarySaysWhatWasFoundPerRuleAndTownshipAndWhatIsNew) {
  FillInputs(dsn());
  {
    pqxx::work tx(conn());
    tx.exec0("INSERT INTO regions (code, name) VALUES ('410102001', '甲镇'), ('410102002', '乙街道')");
    tx.commit();
  }
  const test_support::TempDir dir;
  const std::string out = dir.path() + "/summary.txt";
  ASSERT_EQ(StartMatch(dsn(), out)->Wait(std::chrono::minutes(3)), 0);
  const std::string first = test_support::ReadFileText(out);
  // 5,000 people died on 2025-10-15 and were paid 650.00 for each of the 8 months from
  // November to June: 5,200.00 each; 1,000 of them in each of five townships.
  EXPECT_THAT(first, ::testing::HasSubstr("full ("));
  EXPECT_THAT(first, ::testing::ContainsRegex(
                         "deceased +5000 +5000 +0 +26000000\\.00 +死亡人员超期领取"));
  EXPECT_THAT(first, ::testing::ContainsRegex("410102001 +1000 +1000 +0 +5200000\\.00 +甲镇"));
  EXPECT_THAT(first, ::testing::ContainsRegex("410102002 +1000 +1000 +0 +5200000\\.00 +乙街道"));
  EXPECT_THAT(first, ::testing::ContainsRegex("410102005 +1000 +1000 +0 +5200000\\.00"));
  EXPECT_THAT(first, ::testing::ContainsRegex("total +5000 +5000 +0 +26000000\\.00"));
  EXPECT_THAT(first, ::testing::HasSubstr("data as of: public_security 20"));

  // Again on the same data: everything is already known.
  ASSERT_EQ(StartMatch(dsn(), out)->Wait(std::chrono::minutes(3)), 0);
  const std::string second = test_support::ReadFileText(out);
  EXPECT_THAT(second, ::testing::ContainsRegex("deceased +5000 +0 +5000 +26000000\\.00"));
  EXPECT_THAT(second, ::testing::ContainsRegex("total +5000 +0 +5000 +26000000\\.00"));
}

TEST_F(MatchBinaryTest, AKilledRunLeavesNothingOrEverythingAndTheNextRunIsExact) {
  // The reference: the same inputs in a database of their own, one run left alone.
  const std::string reference_dsn = xmatch::testing::PgTestServer::Get().NewDatabase();
  FillInputs(reference_dsn);
  FillInputs(dsn());
  const auto started = std::chrono::steady_clock::now();
  ASSERT_EQ(StartMatch(reference_dsn)->Wait(std::chrono::minutes(3)), 0);
  const auto run_ms =
      std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - started);
  Seen reference;
  {
    auto conn = store::Connect(reference_dsn);
    ASSERT_TRUE(conn.ok());
    reference = Look(**conn);
  }
  ASSERT_EQ(reference.clues, kPeople / 8);
  ASSERT_EQ(reference.created_events, reference.clues);

  // Kills at random moments over the length of a whole run: most land before its
  // commit, whatever it is doing then.
  std::mt19937 rng(20261203);
  std::uniform_int_distribution<long> moment(0, run_ms.count());
  int interrupted = 0;
  for (int kill = 0; kill < 12; ++kill) {
    auto match = StartMatch(dsn());
    std::this_thread::sleep_for(milliseconds(moment(rng)));
    match->Signal(SIGKILL);
    const std::optional<int> status = match->Wait(std::chrono::seconds(30));
    ASSERT_TRUE(status);
    if (*status == 128 + SIGKILL) ++interrupted;
    const Seen seen = Look(conn());
    if (seen.succeeded_runs == 0) {
      EXPECT_EQ(seen.clues, 0) << "after kill " << kill;
      EXPECT_EQ(seen.created_events, 0) << "after kill " << kill;
    } else {
      EXPECT_EQ(seen.clues, reference.clues) << "after kill " << kill;
      EXPECT_EQ(seen.created_events, reference.created_events) << "after kill " << kill;
      EXPECT_EQ(seen.fingerprint, reference.fingerprint) << "after kill " << kill;
    }
  }
  EXPECT_GE(interrupted, 6);
  std::printf("a whole run took %ld ms; %d of 12 kills interrupted a run\n",
              static_cast<long>(run_ms.count()), interrupted);

  ASSERT_EQ(StartMatch(dsn())->Wait(std::chrono::minutes(3)), 0);
  const Seen final_state = Look(conn());
  EXPECT_EQ(final_state.clues, reference.clues);
  EXPECT_EQ(final_state.created_events, reference.created_events);
  EXPECT_EQ(final_state.fingerprint, reference.fingerprint);
  // Each interrupted run was marked failed by the one after it; none is left running.
  EXPECT_EQ(QueryText(conn(), "SELECT count(*) FROM match_runs WHERE status = 'running'"), "0");
  std::string reference_db;
  {
    auto conn = store::Connect(reference_dsn);
    ASSERT_TRUE(conn.ok());
    reference_db = QueryText(**conn, "SELECT current_database()");
  }
  xmatch::testing::PgTestServer::Get().DropDatabase(reference_db);
}

}  // namespace
}  // namespace xmatch::matcher
