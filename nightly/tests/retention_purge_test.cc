// The retention purge against the real PostgreSQL: exactly the expired records go, in
// batches, each batch audited; and the matcher keeps the clues of purged records while a
// withdrawn record still makes its clue's evidence gone.
#include "nightly/retention_purge.h"

#include <chrono>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "matcher/run/run_match.h"
#include "matcher/tests/run_test_support.h"
#include "review/audit_log.h"
#include "tests/support/pg_fixture.h"

namespace xmatch::nightly {
namespace {

using matcher::testing::InsertPayment;
using matcher::testing::InsertRecord;
using matcher::testing::InsertRollRow;
using matcher::testing::Record;
using matcher::testing::TokenOfPerson;

Agreement MakeAgreement(const std::string& id, const std::string& provider,
                        std::set<std::string> kinds, int retention_days) {
  Agreement a;
  a.id = id;
  a.provider = provider;
  a.kinds = std::move(kinds);
  a.purpose = "test";
  a.valid_from = Date::FromValidYmd(2020, 1, 1);
  a.valid_to = Date::FromValidYmd(2099, 12, 31);
  a.retention_days = retention_days;
  return a;
}

// The agreements run_test_support.h's records name ("test-" + source).
AgreementRegistry TestAgreements(int public_security_days, int justice_days) {
  Result<AgreementRegistry> registry = AgreementRegistry::FromAgreements({
      MakeAgreement("test-public_security", "public_security", {"death"}, public_security_days),
      MakeAgreement("test-justice", "justice", {"imprisonment"}, justice_days),
  });
  EXPECT_TRUE(registry.ok()) << registry.status().ToString();
  return *registry;
}

class RetentionPurgeTest : public testing::PgTest {
 protected:
  // A record of `source` received `days_ago` days before now.
  void AddRecord(const std::string& source, const std::string& record_id, int days_ago,
                 const std::string& person_token = TokenOfPerson(1)) {
    pqxx::work tx(conn());
    InsertRecord(tx, Record(source, record_id, source == "justice" ? "imprisonment" : "death",
                            person_token, "2026-01-10"));
    tx.exec_params("UPDATE dept_records SET received_at = now() - $3 * interval '1 day' "
                   "WHERE source = $1 AND record_id = $2",
                   source, record_id, days_ago);
    tx.commit();
  }

  std::set<std::string> RecordIds() {
    std::set<std::string> ids;
    pqxx::read_transaction tx(conn());
    for (const pqxx::row& r : tx.exec("SELECT record_id FROM dept_records")) ids.insert(r[0].c_str());
    return ids;
  }
};

TEST_F(RetentionPurgeTest, RemovesExactlyTheExpiredRecordsInAuditedBatches) {
  AddRecord("public_security", "ps-old-1", 40);
  AddRecord("public_security", "ps-old-2", 41);
  AddRecord("public_security", "ps-old-3", 400);
  AddRecord("public_security", "ps-new-1", 29);
  AddRecord("public_security", "ps-new-2", 0);
  AddRecord("justice", "sf-kept", 40);  // justice keeps a year
  AddRecord("justice", "sf-old", 366);
  {
    pqxx::work tx(conn());  // an agreement the registry does not hold: kept
    tx.exec0("INSERT INTO dept_records (source, record_id, kind, agreement_id, schema_version, "
             "id_token, token_key, key_version, event_date, fields, received_at) VALUES ("
             "'health', 'wj-unknown', 'death_certificate', 'wj-gone', 1, repeat('a', 64), "
             "xmatch_token_key(repeat('a', 64)), 1, "
             "'2020-01-01', '{}', now() - interval '4000 days')");
    tx.commit();
  }

  Result<PurgeReport> report = PurgeExpiredRecords(conn(), TestAgreements(30, 365),
                                                   std::chrono::system_clock::now(), 2);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->purged_by_agreement.at("test-public_security"), 3);
  EXPECT_EQ(report->purged_by_agreement.at("test-justice"), 1);
  EXPECT_EQ(report->total(), 4);
  EXPECT_EQ(report->unknown_agreement.at("wj-gone"), 1);
  EXPECT_EQ(RecordIds(), (std::set<std::string>{"ps-new-1", "ps-new-2", "sf-kept", "wj-unknown"}));
  EXPECT_EQ(Count("purged_records"), 4);

  // Batches of 2: public_security in two transactions (2 + 1), justice in one; every
  // audit row names the agreement and source and counts its records.
  pqxx::read_transaction tx(conn());
  const pqxx::result audit = tx.exec(
      "SELECT actor, object_id, details->>'source', (details->>'records')::int, "
      "(details->>'retention_days')::int FROM audit_log WHERE action = 'records_purged' "
      "ORDER BY id");
  ASSERT_EQ(audit.size(), 3u);
  EXPECT_EQ(audit[0][0].as<std::string>(), "xmatch");
  int public_security = 0, justice = 0;
  for (const pqxx::row& r : audit) {
    if (r[1].as<std::string>() == "test-public_security") {
      EXPECT_EQ(r[2].as<std::string>(), "public_security");
      EXPECT_EQ(r[4].as<int>(), 30);
      public_security += r[3].as<int>();
    } else {
      EXPECT_EQ(r[1].as<std::string>(), "test-justice");
      justice += r[3].as<int>();
    }
  }
  tx.commit();
  EXPECT_EQ(public_security, 3);
  EXPECT_EQ(justice, 1);
  Result<review::AuditVerifyReport> chain = review::VerifyAuditChain(conn());
  ASSERT_TRUE(chain.ok());
  EXPECT_FALSE(chain->first_broken_id);

  // Again: nothing left to purge, nothing audited.
  report = PurgeExpiredRecords(conn(), TestAgreements(30, 365), std::chrono::system_clock::now(), 2);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->total(), 0);
  EXPECT_EQ(Count("audit_log"), 3);
}

// A clue's state as the matcher leaves it: evidence_gone and the evidence hash.
struct ClueState {
  bool gone = false;
  std::string evidence_hash;
};

class PurgedVersusWithdrawnTest : public RetentionPurgeTest {
 protected:
  ClueState StateOf(const std::string& member_id) {
    pqxx::read_transaction tx(conn());
    const pqxx::row r = tx.exec_params1(
        "SELECT evidence_gone, evidence_hash FROM clues WHERE member_id = $1 AND rule = 'deceased'",
        member_id);
    return {r[0].as<bool>(), r[1].as<std::string>()};
  }
  void Match(bool full) {
    matcher::RunOptions options;
    options.run_date = Date::FromValidYmd(2026, 7, 1);
    options.full = full;
    options.threads = 1;
    options.progress = nullptr;
    Result<matcher::RunSummary> summary = matcher::RunMatch(conn(), options);
    ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  }
};

TEST_F(PurgedVersusWithdrawnTest, PurgedEvidenceKeepsTheClueWithdrawnEvidenceIsGone) {
  {
    pqxx::work tx(conn());
    for (int person : {1, 2}) {
      const std::string member = "M" + std::to_string(person);
      InsertRollRow(tx, member, person, "dibao_urban", "411202100001");
      for (const char* period : {"2026-01", "2026-02", "2026-03"}) InsertPayment(tx, member, period);
    }
    tx.commit();
  }
  AddRecord("public_security", "death-1", 40, TokenOfPerson(1));  // past retention
  AddRecord("public_security", "death-2", 1, TokenOfPerson(2));   // recent
  Match(/*full=*/false);
  const ClueState purged_before = StateOf("M1");
  const ClueState withdrawn_before = StateOf("M2");
  ASSERT_FALSE(purged_before.gone);
  ASSERT_FALSE(withdrawn_before.gone);

  // death-1 leaves by retention; death-2 is withdrawn (deleted by hand).
  Result<PurgeReport> report = PurgeExpiredRecords(conn(), TestAgreements(30, 365),
                                                   std::chrono::system_clock::now(), 100);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->total(), 1);
  {
    pqxx::work tx(conn());
    tx.exec0("DELETE FROM dept_records WHERE record_id = 'death-2'");
    tx.commit();
  }

  for (bool full : {false, true}) {
    Match(full);
    const ClueState purged = StateOf("M1");
    EXPECT_FALSE(purged.gone) << (full ? "full" : "incremental");
    EXPECT_EQ(purged.evidence_hash, purged_before.evidence_hash);
    EXPECT_TRUE(StateOf("M2").gone) << (full ? "full" : "incremental");
  }

  // What keeps M1's clue is purged_records alone: without it, the purge reads as a
  // withdrawal.
  {
    pqxx::work tx(conn());
    tx.exec0("DELETE FROM purged_records");
    tx.commit();
  }
  Match(/*full=*/true);
  EXPECT_TRUE(StateOf("M1").gone);
}

}  // namespace
}  // namespace xmatch::nightly
