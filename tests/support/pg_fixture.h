// Test support for integration tests: one private PostgreSQL per test binary.
//
// Link `xmatch_test_support` (which brings its own main()). The first call to
// PgTestServer::Get() starts an EmbeddedPostgres in a temporary directory and creates a
// template database migrated to the latest schema; it is stopped and removed when the
// binary exits, on every path (failures included). Each test that derives from PgTest
// gets a fresh database cloned from the template, so tests never see each other's rows.
#pragma once

#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "store/embedded_postgres.h"

namespace xmatch::testing {

class PgTestServer {
 public:
  // Starts the server on first use; aborts the test binary with a clear message if
  // PostgreSQL cannot be started.
  static PgTestServer& Get();
  store::EmbeddedPostgres& server() { return *server_; }
  // Creates a new database from the migrated template and returns its DSN.
  std::string NewDatabase();
  // Drops a database made by NewDatabase(), disconnecting its users.
  void DropDatabase(const std::string& name);
  // Stops and removes the server if it was started; safe to call any number of times
  // (test_main.cc calls it on every exit path).
  static void Shutdown();

 private:
  PgTestServer();
  std::unique_ptr<store::EmbeddedPostgres> server_;
  int next_db_ = 0;
};

// Fixture: dsn() is a fresh, migrated database; conn() a connection to it. TearDown()
// closes conn() and drops the database, ending any connection the test left open.
class PgTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  const std::string& dsn() const { return dsn_; }
  pqxx::connection& conn() { return *conn_; }
  // SELECT count(*) FROM <table>.
  long Count(const std::string& table);

 private:
  std::string dsn_;
  std::unique_ptr<pqxx::connection> conn_;
};

}  // namespace xmatch::testing
