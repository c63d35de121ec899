// The append-only, hash-chained audit log against the real PostgreSQL.
#include "review/audit_log.h"

#include <memory>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "store/connection.h"
#include "tests/support/pg_fixture.h"

namespace xmatch::review {
namespace {

class AuditLog : public testing::PgTest {
 protected:
  void Append(const std::string& actor, const std::string& action, nlohmann::json details = {}) {
    AuditEntry entry;
    entry.actor = actor;
    entry.actor_role = "township_staff";
    entry.action = action;
    entry.object_type = "clue";
    entry.object_id = "17";
    entry.region_code = "411222100";
    if (!details.is_null()) entry.details = std::move(details);
    Status s = AppendAuditAlone(conn(), entry);
    ASSERT_TRUE(s.ok()) << s.ToString();
  }
  AuditVerifyReport Verify() {
    Result<AuditVerifyReport> report = VerifyAuditChain(conn());
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? *report : AuditVerifyReport{};
  }
  std::vector<long long> Ids() {
    std::vector<long long> ids;
    pqxx::read_transaction tx(conn());
    for (const auto& row : tx.exec("SELECT id FROM audit_log ORDER BY id")) {
      ids.push_back(row[0].as<long long>());
    }
    return ids;
  }
  // Goes around the application, as a superuser could.
  void Tamper(const std::string& sql) {
    pqxx::work tx(conn());
    tx.exec0("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only");
    tx.exec0(sql);
    tx.exec0("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only");
    tx.commit();
  }
  void AppendFive() {
    Append("wang", "login");
    Append("wang", "clue_viewed");
    Append("wang", "id_revealed", {{"purpose", "核实身份：入户调查"}, {"n", 1.5}});
    Append("wang", "clue_action", {{"from", "new"}, {"to", "verifying"}, {"nested", {{"b", 1}, {"a", nullptr}}}});
    Append("wang", "logout");
  }
};

TEST_F(AuditLog, AnEmptyLogIsIntact) {
  AuditVerifyReport report = Verify();
  EXPECT_EQ(report.rows_checked, 0);
  EXPECT_FALSE(report.first_broken_id);
}

TEST_F(AuditLog, AppendedRowsFormAnIntactChain) {
  AppendFive();
  AuditVerifyReport report = Verify();
  EXPECT_EQ(report.rows_checked, 5);
  EXPECT_FALSE(report.first_broken_id) << report.problem;
  pqxx::read_transaction tx(conn());
  EXPECT_EQ(tx.exec1("SELECT prev_hash FROM audit_log ORDER BY id LIMIT 1")[0].as<std::string>(),
            std::string(64, '0'));
}

TEST_F(AuditLog, TheDatabaseRefusesUpdatesAndDeletes) {
  AppendFive();
  EXPECT_THROW(
      {
        pqxx::work tx(conn());
        tx.exec0("UPDATE audit_log SET actor = 'someone-else'");
      },
      std::exception);
  EXPECT_THROW(
      {
        pqxx::work tx(conn());
        tx.exec0("DELETE FROM audit_log");
      },
      std::exception);
  EXPECT_EQ(Count("audit_log"), 5);
}

// The services connect as a member of xmatch_app (schemas/sql/0013_service_role.sql):
// the database itself stops them from rewriting history, whatever SQL they send.
TEST_F(AuditLog, TheServiceRoleAppendsButCannotChangeRemoveOrUnguardTheLog) {
  {
    pqxx::nontransaction tx(conn());
    tx.exec0("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = "
             "'xmatch_test_service') THEN CREATE ROLE xmatch_test_service LOGIN IN ROLE "
             "xmatch_app; END IF; END $$");
  }
  Result<std::unique_ptr<pqxx::connection>> service =
      store::Connect(dsn() + " user=xmatch_test_service");
  ASSERT_TRUE(service.ok()) << service.status().ToString();
  AuditEntry entry;
  entry.actor = "wang";
  entry.action = "login";
  ASSERT_TRUE(AppendAuditAlone(**service, entry).ok());
  ASSERT_TRUE(AppendAuditAlone(**service, entry).ok());
  for (const char* sql : {"UPDATE audit_log SET actor = 'someone-else'",
                          "DELETE FROM audit_log", "TRUNCATE audit_log",
                          "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only",
                          "DROP TRIGGER audit_log_append_only ON audit_log",
                          "DELETE FROM schema_migrations"}) {
    pqxx::work tx(**service);
    try {
      tx.exec0(sql);
      ADD_FAILURE() << "the service role was allowed: " << sql;
    } catch (const pqxx::sql_error& e) {
      EXPECT_THAT(e.what(), ::testing::ContainsRegex("permission denied|must be owner")) << sql;
    }
  }
  // The rest of the work it does: clues and the other tables.
  {
    pqxx::work tx(**service);
    tx.exec0("UPDATE clues SET status = status");
    tx.exec0("DELETE FROM sessions");
    tx.commit();
  }
  EXPECT_EQ(Count("audit_log"), 2);
  EXPECT_FALSE(Verify().first_broken_id);
}

TEST_F(AuditLog, VerifyNamesARowChangedBehindTheApplication) {
  AppendFive();
  const long long third = Ids()[2];
  Tamper("UPDATE audit_log SET details = '{\"purpose\": \"something else\"}' WHERE id = " +
         std::to_string(third));
  AuditVerifyReport report = Verify();
  ASSERT_TRUE(report.first_broken_id);
  EXPECT_EQ(*report.first_broken_id, third);
  EXPECT_EQ(report.rows_checked, 2);
  EXPECT_NE(report.problem.find("changed"), std::string::npos);
}

TEST_F(AuditLog, VerifyNamesTheRowAfterARemovedOne) {
  AppendFive();
  std::vector<long long> ids = Ids();
  Tamper("DELETE FROM audit_log WHERE id = " + std::to_string(ids[1]));
  AuditVerifyReport report = Verify();
  ASSERT_TRUE(report.first_broken_id);
  EXPECT_EQ(*report.first_broken_id, ids[2]);
}

TEST_F(AuditLog, AChangedTimestampIsDetected) {
  AppendFive();
  const long long first = Ids()[0];
  Tamper("UPDATE audit_log SET at = at - interval '1 microsecond' WHERE id = " +
         std::to_string(first));
  AuditVerifyReport report = Verify();
  ASSERT_TRUE(report.first_broken_id);
  EXPECT_EQ(*report.first_broken_id, first);
}

TEST_F(AuditLog, ConcurrentAppendsKeepOneChain) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([this, t] {
      auto c = store::Connect(dsn());
      ASSERT_TRUE(c.ok());
      for (int i = 0; i < 15; ++i) {
        AuditEntry entry;
        entry.actor = "user" + std::to_string(t);
        entry.action = "clue_viewed";
        ASSERT_TRUE(AppendAuditAlone(**c, entry).ok());
      }
    });
  }
  for (auto& thread : threads) thread.join();
  AuditVerifyReport report = Verify();
  EXPECT_EQ(report.rows_checked, 60);
  EXPECT_FALSE(report.first_broken_id) << report.problem;
}

}  // namespace
}  // namespace xmatch::review
