#include "store/migrations.h"

#include <regex>
#include <set>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "common/token.h"
#include "store/connection.h"
#include "tests/support/pg_fixture.h"

namespace xmatch::store {
namespace {

using ::testing::HasSubstr;

// The DSN of a new database that has never been migrated.
std::string EmptyDatabase() {
  static int n = 0;
  std::string name = "empty" + std::to_string(++n);
  EmbeddedPostgres& server = testing::PgTestServer::Get().server();
  Status created = server.CreateDatabase(name);
  if (!created.ok()) throw std::runtime_error(created.ToString());
  return server.Dsn(name);
}

std::unique_ptr<pqxx::connection> ConnectToEmptyDatabase() {
  auto conn = Connect(EmptyDatabase());
  if (!conn.ok()) throw std::runtime_error(conn.status().ToString());
  return std::move(*conn);
}

std::set<std::string> TablesCreatedBy(const std::vector<Migration>& migrations) {
  std::set<std::string> tables;
  std::regex create_table(R"(CREATE TABLE (IF NOT EXISTS )?([a-z_][a-z0-9_]*))");
  for (const Migration& m : migrations) {
    for (std::sregex_iterator it(m.sql.begin(), m.sql.end(), create_table), end; it != end;
         ++it) {
      tables.insert((*it)[2]);
    }
  }
  return tables;
}

TEST(Migrations, BuiltInMigrationsAreNumberedFromOneWithoutGaps) {
  const std::vector<Migration>& all = BuiltInMigrations();
  ASSERT_FALSE(all.empty());
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].version, static_cast<int>(i) + 1) << all[i].name;
    EXPECT_FALSE(all[i].sql.empty()) << all[i].name;
  }
  EXPECT_EQ(all.front().name, "init");
  EXPECT_EQ(LatestSchemaVersion(), all.back().version);
}

TEST(Migrations, EmptyDatabaseIsAtVersionZeroAndMustBeMigrated) {
  auto conn = ConnectToEmptyDatabase();
  auto version = CurrentSchemaVersion(*conn);
  ASSERT_TRUE(version.ok()) << version.status().ToString();
  EXPECT_EQ(*version, 0);
  Status s = CheckSchemaVersion(*conn);
  EXPECT_EQ(s.code(), Status::Code::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("xmatch db migrate"));
}

TEST(Migrations, MigratingTwiceAppliesEverythingOnceThenNothing) {
  auto conn = ConnectToEmptyDatabase();
  auto first = Migrate(*conn);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->from_version, 0);
  EXPECT_EQ(first->to_version, LatestSchemaVersion());
  ASSERT_EQ(first->applied.size(), BuiltInMigrations().size());
  EXPECT_EQ(first->applied.front(), "0001_init");

  auto second = Migrate(*conn);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_TRUE(second->applied.empty());
  EXPECT_EQ(second->from_version, LatestSchemaVersion());
  EXPECT_EQ(second->to_version, LatestSchemaVersion());
  EXPECT_TRUE(CheckSchemaVersion(*conn).ok());

  pqxx::nontransaction tx(*conn);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM schema_migrations")[0].as<size_t>(),
            BuiltInMigrations().size());
  EXPECT_EQ(tx.exec1("SELECT name FROM schema_migrations WHERE version = 1")[0].as<std::string>(),
            "init");
}

TEST(Migrations, ConcurrentMigratorsApplyEachMigrationOnce) {
  std::string dsn = EmptyDatabase();
  std::vector<Result<MigrateReport>> reports(4, Status::Internal("not run"));
  std::vector<std::thread> threads;
  for (auto& report : reports) {
    threads.emplace_back([&dsn, &report] {
      auto c = Connect(dsn);
      report = c.ok() ? Migrate(**c) : Result<MigrateReport>(c.status());
    });
  }
  for (std::thread& t : threads) t.join();
  size_t applied = 0;
  for (const auto& report : reports) {
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    applied += report->applied.size();
  }
  EXPECT_EQ(applied, BuiltInMigrations().size());
  auto conn = Connect(dsn);
  ASSERT_TRUE(conn.ok());
  EXPECT_TRUE(CheckSchemaVersion(**conn).ok());
}

class MigratedDatabase : public testing::PgTest {};

TEST_F(MigratedDatabase, EveryTableNamedInTheSchemaExists) {
  std::set<std::string> tables = TablesCreatedBy(BuiltInMigrations());
  // The tables CONTRACT.md §3 promises, at least.
  EXPECT_TRUE(tables.count("clues"));
  EXPECT_TRUE(tables.count("match_runs"));
  tables.insert("schema_migrations");
  pqxx::nontransaction tx(conn());
  for (const std::string& table : tables) {
    EXPECT_FALSE(tx.exec_params1("SELECT to_regclass($1) IS NULL", table)[0].as<bool>())
        << table;
  }
}

TEST_F(MigratedDatabase, DatabaseAheadOfTheBinaryIsRefused) {
  pqxx::nontransaction(conn()).exec0(
      "INSERT INTO schema_migrations (version, name) VALUES (9999, 'from_the_future')");
  std::string expected = "database schema is at version 9999 but this xmatch knows only up to " +
                         std::to_string(LatestSchemaVersion()) + ": upgrade xmatch";

  auto migrated = Migrate(conn());
  ASSERT_FALSE(migrated.ok());
  EXPECT_EQ(migrated.status().code(), Status::Code::kFailedPrecondition);
  EXPECT_EQ(migrated.status().message(), expected);

  Status checked = CheckSchemaVersion(conn());
  EXPECT_EQ(checked.code(), Status::Code::kFailedPrecondition);
  EXPECT_EQ(checked.message(), expected);
}

TEST_F(MigratedDatabase, AuditLogRefusesUpdateDeleteAndTruncate) {
  {
    pqxx::work tx(conn());
    tx.exec0(
        "INSERT INTO audit_log (actor, action, prev_hash, row_hash) "
        "VALUES ('admin', 'login', '', 'h1')");
    tx.commit();
  }
  for (const char* change : {"UPDATE audit_log SET actor = 'someone else'",
                             "DELETE FROM audit_log", "TRUNCATE audit_log"}) {
    pqxx::work tx(conn());
    try {
      tx.exec0(change);
      ADD_FAILURE() << change << " was allowed";
    } catch (const pqxx::sql_error& e) {
      EXPECT_THAT(e.what(), HasSubstr("audit_log is append-only")) << change;
    }
  }
  EXPECT_EQ(Count("audit_log"), 1);
}

// The matcher finds a person's rows by token_key alone (0006): a row whose key is not its
// token's would be invisible to it. The writers compute the key in C++ (TokenKeyOfToken);
// the server holds every row to its own formula (0016), so the two must agree.
TEST_F(MigratedDatabase, TokenKeyMustBeTheKeyOfTheToken) {
  const std::string token = "f1f10fda00c3958adfc41e67585d9e5ed306863fcb758d3862927aee4c114370";
  const int64_t key = TokenKeyOfToken(token);
  const auto insert_record = [&](int64_t token_key) {
    pqxx::work tx(conn());
    tx.exec_params(
        "INSERT INTO dept_records (source, record_id, kind, agreement_id, schema_version, "
        "id_token, token_key, key_version, event_date, fields) VALUES ('health', $1, "
        "'death_certificate', 'wj-2026-001', 1, $2, $3, 1, '2026-01-01', '{}')",
        "R" + std::to_string(token_key), token, token_key);
    tx.commit();
  };
  insert_record(key);
  EXPECT_EQ(Count("dept_records"), 1);
  for (const int64_t wrong : {key + 1, static_cast<int64_t>(TokenKey64(token))}) {
    try {
      insert_record(wrong);
      ADD_FAILURE() << "token_key " << wrong << " was accepted";
    } catch (const pqxx::sql_error& e) {
      EXPECT_THAT(e.what(), HasSubstr("dept_records_token_key_of_token"));
    }
  }
  try {
    pqxx::work tx(conn());
    tx.exec_params(
        "INSERT INTO roll_members (member_id, household_id, id_number, id_token, key_version, "
        "name, program, region_code, enrolled_on, monthly_amount, status) VALUES ('M1', 'H1', "
        "'110101199003074518', $1, 1, 'test', 'dibao_rural', '110101001001', '2024-01-01', "
        "650, 'active')",
        token);
    ADD_FAILURE() << "a roll row without token_key was accepted";
  } catch (const pqxx::sql_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("token_key"));
  }
  EXPECT_EQ(Count("dept_records"), 1);
  EXPECT_EQ(Count("roll_members"), 0);
}

}  // namespace
}  // namespace xmatch::store
