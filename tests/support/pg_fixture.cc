#include "tests/support/pg_fixture.h"

#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <stdexcept>

#include "store/connection.h"
#include "store/migrations.h"

namespace xmatch::testing {
namespace {

constexpr char kTemplateDb[] = "xmatch_template";

// Made by Get(); stopped, never freed, by Shutdown(). Null until fully started, so a
// Shutdown() at exit during a failed start does nothing (the store's registry stops it).
std::atomic<PgTestServer*> g_server{nullptr};
pid_t g_owner = 0;  // the process that started it: a forked child must not stop it
std::mutex g_counter_mutex;  // guards next_db_

[[noreturn]] void Die(const std::string& step, const Status& status) {
  std::fprintf(stderr, "pg_fixture: %s failed: %s\n", step.c_str(), status.ToString().c_str());
  std::exit(EXIT_FAILURE);
}

}  // namespace

PgTestServer& PgTestServer::Get() {
  static PgTestServer* server = [] {
    auto* started = new PgTestServer();
    g_owner = getpid();
    g_server.store(started);
    return started;
  }();
  return *server;
}

PgTestServer::PgTestServer() {
  std::string dir = (std::filesystem::temp_directory_path() / "xmatch-test-pg-XXXXXX").string();
  if (mkdtemp(dir.data()) == nullptr) {
    Die("creating a temporary directory", Status::IoError(dir));
  }
  server_ = std::make_unique<store::EmbeddedPostgres>(store::EmbeddedPostgresOptions{
      .data_dir = dir, .remove_on_stop = true, .port = 0, .durable = false});
  if (Status s = server_->Start(); !s.ok()) {
    std::filesystem::remove_all(dir);
    Die("starting the tests' PostgreSQL", s);
  }
  if (Status s = server_->CreateDatabase(kTemplateDb); !s.ok()) Die("creating the template", s);
  auto conn = store::Connect(server_->Dsn(kTemplateDb));
  if (!conn.ok()) Die("connecting to the template", conn.status());
  if (auto migrated = store::Migrate(**conn); !migrated.ok()) {
    Die("migrating the template", migrated.status());
  }
}  // the template's connection closes here: CREATE DATABASE ... TEMPLATE needs it idle

std::string PgTestServer::NewDatabase() {
  std::string name;
  {
    std::lock_guard lock(g_counter_mutex);
    name = "t" + std::to_string(++next_db_);
  }
  if (Status s = server_->CreateDatabase(name, kTemplateDb); !s.ok()) {
    throw std::runtime_error("pg_fixture: " + s.ToString());
  }
  return server_->Dsn(name);
}

void PgTestServer::DropDatabase(const std::string& name) {
  auto conn = store::Connect(server_->Dsn());
  if (!conn.ok()) throw std::runtime_error("pg_fixture: " + conn.status().ToString());
  pqxx::nontransaction(**conn).exec0("DROP DATABASE " + (*conn)->quote_name(name) +
                                     " WITH (FORCE)");
}

void PgTestServer::Shutdown() {
  PgTestServer* server = g_server.load();
  if (server == nullptr || getpid() != g_owner) return;
  if (Status s = server->server_->Stop(); !s.ok()) {
    std::fprintf(stderr, "pg_fixture: stopping the tests' PostgreSQL: %s\n",
                 s.ToString().c_str());
  }
}

void PgTest::SetUp() {
  dsn_ = PgTestServer::Get().NewDatabase();
  auto conn = store::Connect(dsn_);
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  conn_ = std::move(*conn);
}

void PgTest::TearDown() {
  if (conn_ == nullptr) return;
  std::string name =
      pqxx::nontransaction(*conn_).exec1("SELECT current_database()")[0].as<std::string>();
  conn_.reset();
  PgTestServer::Get().DropDatabase(name);
}

long PgTest::Count(const std::string& table) {
  pqxx::nontransaction tx(*conn_);
  return tx.exec1("SELECT count(*) FROM " + table)[0].as<long>();
}

}  // namespace xmatch::testing
