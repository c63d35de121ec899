// RunMatch against a real PostgreSQL: the clue ledger across runs (reruns, dismissals,
// reopening, evidence gone), one run at a time, crashed and failed runs, and what a run
// records in match_runs.
#include "matcher/run/run_match.h"

#include <gtest/gtest.h>

#include <string>

#include "matcher/run/run_log.h"
#include "matcher/tests/run_test_support.h"
#include "store/connection.h"
#include "tests/support/pg_fixture.h"

namespace xmatch::matcher::testing {
namespace {

constexpr const char* kTownshipA = "410102001001";
constexpr const char* kTownshipB = "410102002001";

class RunMatchTest : public xmatch::testing::PgTest {
 protected:
  RunSummary Run(const char* run_date, bool full = false) {
    RunOptions options;
    options.run_date = *Date::Parse(run_date);
    options.full = full;
    options.progress = nullptr;
    options.threads = 2;
    auto summary = RunMatch(conn(), options);
    EXPECT_TRUE(summary.ok()) << summary.status().ToString();
    return summary.ok() ? *summary : RunSummary{};
  }

  // Person 1 on M1, paid January-June 2025; died 2025-03-10 (public security).
  void DeadPersonPaidOn() {
    pqxx::work tx(conn());
    InsertRollRow(tx, "M1", 1, "dibao_urban", kTownshipA);
    for (const char* p : {"2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06"}) {
      InsertPayment(tx, "M1", p);
    }
    InsertRecord(tx, Record("public_security", "PS-1", "death", TokenOfPerson(1), "2025-03-10"));
    tx.commit();
  }

  void Exec(const std::string& sql) {
    pqxx::work tx(conn());
    tx.exec0(sql);
    tx.commit();
  }
  std::string Query(const std::string& sql) {
    pqxx::work tx(conn());
    const pqxx::result r = tx.exec(sql);
    return r.empty() || r[0][0].is_null() ? "" : r[0][0].c_str();
  }
  std::string Events(const std::string& clue_key) {
    return Query(
        "SELECT string_agg(action, ',' ORDER BY e.id) FROM clue_events e "
        "JOIN clues c ON c.id = e.clue_id WHERE c.clue_key = '" + clue_key + "'");
  }
};

TEST_F(RunMatchTest, RerunOnTheSameDataRaisesNothingNewAndLeavesStatusesAlone) {
  DeadPersonPaidOn();
  const RunSummary first = Run("2025-06-30");
  EXPECT_EQ(first.rules[0].created, 1u);
  Exec("UPDATE clues SET status = 'verifying', updated_at = '2025-07-01'");

  const RunSummary second = Run("2025-06-30");
  EXPECT_FALSE(second.full);
  EXPECT_EQ(second.people, 0u);  // nothing changed: nobody to re-examine
  EXPECT_EQ(second.rules[0].created, 0u);
  EXPECT_EQ(Query("SELECT status FROM clues"), "verifying");
  EXPECT_EQ(Query("SELECT updated_at::date FROM clues"), "2025-07-01");
  // Nobody was re-examined, so the clue is not written: it keeps the run that last looked.
  EXPECT_EQ(Query("SELECT last_run_id = " + std::to_string(first.run_id) +
                  " AND first_run_id = " + std::to_string(first.run_id) + " FROM clues"),
            "t");
  EXPECT_EQ(Events("deceased:M1"), "created");

  const RunSummary full = Run("2025-06-30", /*full=*/true);
  EXPECT_EQ(full.rules[0].unchanged, 1u);
  EXPECT_EQ(Query("SELECT last_run_id = " + std::to_string(full.run_id) + " FROM clues"), "t");
  EXPECT_EQ(Events("deceased:M1"), "created");
}

TEST_F(RunMatchTest, DismissedClueStaysDismissedUntilItsEvidenceChanges) {
  DeadPersonPaidOn();
  Run("2025-06-30");
  Exec("UPDATE clues SET status = 'dismissed', dismiss_reason = 'paid back'");
  Run("2025-06-30");
  EXPECT_EQ(Query("SELECT status FROM clues"), "dismissed");

  // One more month paid after the death: the evidence changed, the clue reopens.
  {
    pqxx::work tx(conn());
    InsertPayment(tx, "M1", "2025-07");
    tx.commit();
  }
  const RunSummary run = Run("2025-07-31");
  EXPECT_EQ(run.rules[0].reopened, 1u);
  EXPECT_EQ(Query("SELECT status || ' ' || overpaid_periods || ' ' || overpaid_amount FROM clues"),
            "new 4 2600.00");
  EXPECT_EQ(Events("deceased:M1"), "created,reopened");
  EXPECT_EQ(Query("SELECT from_status || '>' || to_status || ' ' || "
                  "(details->'months_added')::text FROM clue_events WHERE action = 'reopened'"),
            R"(dismissed>new [{"amount": "650.00", "period": "2025-07"}])");
}

TEST_F(RunMatchTest, ANewSourceChangesTheEvidenceOfAClueUnderReview) {
  DeadPersonPaidOn();
  Run("2025-06-30");
  Exec("UPDATE clues SET status = 'confirmed'");
  {
    pqxx::work tx(conn());
    InsertRecord(tx, Record("health", "WJ-1", "death_certificate", TokenOfPerson(1), "2025-03-11"));
    tx.commit();
  }
  Run("2025-06-30");
  EXPECT_EQ(Query("SELECT status FROM clues"), "confirmed");
  EXPECT_EQ(Events("deceased:M1"), "created,evidence_changed");
  EXPECT_EQ(Query("SELECT details->'records_added'->0->>'record_id' FROM clue_events "
                  "WHERE action = 'evidence_changed'"),
            "WJ-1");
}

TEST_F(RunMatchTest, ClueWhoseEvidenceIsGoneIsMarkedAndKeptNotDeleted) {
  DeadPersonPaidOn();
  Run("2025-06-30");
  Exec("UPDATE clues SET status = 'verifying'");
  Exec("DELETE FROM dept_records WHERE record_id = 'PS-1'");  // retention purge

  const RunSummary run = Run("2025-07-01");
  EXPECT_FALSE(run.full);
  EXPECT_EQ(run.rules[0].gone, 1u);
  EXPECT_EQ(Query("SELECT evidence_gone || ' ' || status FROM clues"), "true verifying");
  EXPECT_EQ(Events("deceased:M1"), "created,evidence_gone");

  // The record is delivered again: the same evidence, the clue is restored.
  {
    pqxx::work tx(conn());
    InsertRecord(tx, Record("public_security", "PS-1", "death", TokenOfPerson(1), "2025-03-10"));
    tx.commit();
  }
  Run("2025-07-02");
  EXPECT_EQ(Query("SELECT evidence_gone || ' ' || status FROM clues"), "false verifying");
  EXPECT_EQ(Events("deceased:M1"), "created,evidence_gone,evidence_restored");
}

TEST_F(RunMatchTest, ExitingOneOfTwoRowsEndsTheDuplicateEnrollment) {
  {
    pqxx::work tx(conn());
    InsertRollRow(tx, "M1", 1, "dibao_urban", kTownshipA);
    InsertRollRow(tx, "M2", 1, "dibao_urban", kTownshipB);
    tx.commit();
  }
  EXPECT_EQ(Run("2025-06-30").rules[3].created, 2u);
  Exec("UPDATE roll_members SET status = 'exited', exited_on = '2025-06-30' WHERE member_id = 'M2'");
  const RunSummary run = Run("2025-07-01");
  EXPECT_FALSE(run.full);
  EXPECT_EQ(run.rules[3].gone, 2u);
  EXPECT_EQ(Query("SELECT count(*) FROM clues WHERE evidence_gone"), "2");
}

TEST_F(RunMatchTest, IncrementalRunRaisesTheNinetyDayClueWhenOnlyTheDateMoves) {
  {
    pqxx::work tx(conn());
    InsertRollRow(tx, "M1", 1, "dibao_urban", kTownshipA);
    InsertPayment(tx, "M1", "2025-03");
    InsertRecord(tx, Record("public_security", "PS-1", "death", TokenOfPerson(1), "2025-04-01"));
    // Person 2: open detention from 2025-05-01, paid every month.
    InsertRollRow(tx, "M2", 2, "dibao_urban", kTownshipA);
    for (const char* p : {"2025-05", "2025-06", "2025-07"}) InsertPayment(tx, "M2", p);
    InsertRecord(tx, Record("public_security", "PS-2", "detention", TokenOfPerson(2), "2025-05-01"));
    tx.commit();
  }
  RunSummary run = Run("2025-06-29");  // 89 days after the death; May whole in custody
  EXPECT_EQ(run.rules[0].raised, 0u);
  EXPECT_EQ(Query("SELECT overpaid_periods FROM clues WHERE rule = 'imprisoned'"), "1");

  run = Run("2025-06-30");  // 90 days; June is now whole
  EXPECT_FALSE(run.full);
  EXPECT_EQ(Query("SELECT count(*) FROM clues WHERE rule = 'deceased'"), "0");
  EXPECT_EQ(Query("SELECT overpaid_periods FROM clues WHERE rule = 'imprisoned'"), "2");

  run = Run("2025-07-01");  // 91 days
  EXPECT_FALSE(run.full);
  EXPECT_EQ(run.rules[0].created, 1u);
  EXPECT_EQ(Query("SELECT overpaid_periods FROM clues WHERE rule = 'deceased'"), "0");
}

TEST_F(RunMatchTest, ASecondConcurrentRunIsRefused) {
  auto other = store::Connect(dsn());
  ASSERT_TRUE(other.ok());
  auto lock = RunLock::Acquire(**other);
  ASSERT_TRUE(lock.ok());

  RunOptions options;
  options.progress = nullptr;
  auto refused = RunMatch(conn(), options);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), Status::Code::kFailedPrecondition);
  EXPECT_NE(refused.status().message().find("another `xmatch match` is running"),
            std::string::npos);
  EXPECT_EQ(Count("match_runs"), 0);
}

TEST_F(RunMatchTest, TheNextRunMarksACrashedRunFailed) {
  Exec("INSERT INTO match_runs (run_date, mode) VALUES ('2025-06-01', 'full')");
  Run("2025-06-30");
  EXPECT_EQ(Query("SELECT status || ': ' || left(error, 11) FROM match_runs ORDER BY id LIMIT 1"),
            "failed: interrupted");
}

TEST_F(RunMatchTest, ARunThatCannotReadItsInputsWritesNoCluesAndSaysSo) {
  DeadPersonPaidOn();
  Exec("UPDATE dept_records SET event_date = NULL");
  RunOptions options;
  options.run_date = *Date::Parse("2025-06-30");
  options.progress = nullptr;
  auto failed = RunMatch(conn(), options);
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.status().message().find("dept_records (public_security, PS-1): event_date"),
            std::string::npos)
      << failed.status().ToString();
  EXPECT_EQ(Count("clues"), 0);
  EXPECT_EQ(Query("SELECT status FROM match_runs"), "failed");
}

TEST_F(RunMatchTest, TheRunRowRecordsModeCountsTimingsAndDataAsOf) {
  DeadPersonPaidOn();
  const RunSummary first = Run("2025-06-30");
  EXPECT_TRUE(first.full);
  EXPECT_EQ(first.why_full, "first run");
  const RunSummary second = Run("2025-06-30");
  EXPECT_FALSE(second.full);
  // counts: what this run re-examined (nothing changed: nobody), and the ledger after it.
  EXPECT_EQ(Query("SELECT mode || ' ' || status || ' ' || (counts->'deceased'->>'clues') || ' ' || "
                  "(counts->'ledger'->'deceased'->>'clues') || ' ' || "
                  "(counts->'ledger'->'total'->>'overpaid_amount') || ' ' || "
                  "(timings ? 'write') || ' ' || (data_as_of->>'public_security' IS NOT NULL) "
                  "FROM match_runs WHERE id = " + std::to_string(second.run_id)),
            "incremental succeeded 0 1 1950.00 true true");
  ASSERT_EQ(second.by_rule.size(), 1u);
  EXPECT_EQ(second.total.clues, 1u);
  EXPECT_EQ(second.total.new_this_run, 0u);
  EXPECT_EQ(second.total.overpaid.ToString(), "1950.00");
  ASSERT_EQ(second.by_township.size(), 1u);
  EXPECT_EQ(second.by_township[0].key, "410102001");
}

TEST_F(RunMatchTest, ChangedSettingsMakeTheNextRunFull) {
  DeadPersonPaidOn();
  Run("2025-06-30");
  RunOptions options;
  options.run_date = *Date::Parse("2025-06-30");
  options.progress = nullptr;
  options.config.pension_threshold_dibao_fen = 50000;
  auto run = RunMatch(conn(), options);
  ASSERT_TRUE(run.ok());
  EXPECT_TRUE(run->full);
  EXPECT_EQ(run->why_full, "the rules or their settings changed since the previous run");
}

TEST_F(RunMatchTest, TruncatingAnInputTableMakesTheNextRunFull) {
  DeadPersonPaidOn();
  Run("2025-06-30");
  Exec("TRUNCATE payments");
  const RunSummary run = Run("2025-06-30");
  EXPECT_TRUE(run.full);
  EXPECT_EQ(Query("SELECT overpaid_periods FROM clues"), "0");  // still active, > 90 days
}

}  // namespace
}  // namespace xmatch::matcher::testing
