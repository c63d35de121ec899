#include "store/embedded_postgres.h"

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "store/connection.h"
#include "tests/support/pg_fixture.h"

namespace xmatch::store {
namespace {

namespace fs = std::filesystem;

// A fresh, empty directory under the system's temporary directory.
std::string MakeTempDir() {
  std::string dir = (fs::temp_directory_path() / "xmatch-pg-test-XXXXXX").string();
  if (mkdtemp(dir.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return dir;
}

std::string Query(const std::string& dsn, const std::string& sql) {
  auto conn = Connect(dsn);
  if (!conn.ok()) return "connect failed: " + conn.status().ToString();
  pqxx::nontransaction tx(**conn);
  return tx.exec1(sql)[0].as<std::string>();
}

TEST(EmbeddedPostgres, TestServerAcceptsConnectionsWithoutDurability) {
  EmbeddedPostgres& server = testing::PgTestServer::Get().server();
  ASSERT_TRUE(server.running());
  EXPECT_GT(server.port(), 0);
  EXPECT_EQ(Query(server.Dsn(), "SHOW server_encoding"), "UTF8");
  EXPECT_EQ(Query(server.Dsn(), "SHOW fsync"), "off");
  EXPECT_EQ(Query(server.Dsn(), "SHOW listen_addresses"), "127.0.0.1");
}

TEST(EmbeddedPostgres, RestartOnTheSameDataDirKeepsData) {
  std::string dir = MakeTempDir();
  {
    EmbeddedPostgres pg({.data_dir = dir, .durable = false});
    ASSERT_TRUE(pg.Start().ok());
    auto conn = Connect(pg.Dsn());
    ASSERT_TRUE(conn.ok()) << conn.status().ToString();
    pqxx::work tx(**conn);
    tx.exec0("CREATE TABLE kept (name text)");
    tx.exec0("INSERT INTO kept VALUES ('王秀英')");
    tx.commit();
    conn->reset();
    ASSERT_TRUE(pg.Stop().ok());
    EXPECT_FALSE(pg.running());
    EXPECT_TRUE(pg.Stop().ok()) << "Stop() is idempotent";
    EXPECT_FALSE(fs::exists(fs::path(dir) / "postmaster.pid"));
  }
  // Default options this time: durable, which the demo relies on.
  EmbeddedPostgres again({.data_dir = dir, .remove_on_stop = true});
  ASSERT_TRUE(again.Start().ok());
  EXPECT_EQ(Query(again.Dsn(), "SELECT name FROM kept"), "王秀英");
  EXPECT_EQ(Query(again.Dsn(), "SHOW fsync"), "on");
  ASSERT_TRUE(again.Stop().ok());
  EXPECT_FALSE(fs::exists(dir)) << "remove_on_stop removes the data directory";
}

TEST(EmbeddedPostgres, DirectoryWithOtherFilesIsRefused) {
  std::string dir = MakeTempDir();
  std::ofstream(fs::path(dir) / "notes.txt") << "not a cluster";
  EmbeddedPostgres pg({.data_dir = dir});
  Status s = pg.Start();
  EXPECT_EQ(s.code(), Status::Code::kFailedPrecondition);
  EXPECT_NE(s.message().find(dir), std::string::npos) << s.message();
  EXPECT_FALSE(pg.running());
  fs::remove_all(dir);
}

TEST(EmbeddedPostgres, CreatingAnExistingDatabaseIsAlreadyExists) {
  EmbeddedPostgres& server = testing::PgTestServer::Get().server();
  ASSERT_TRUE(server.CreateDatabase("twice").ok());
  EXPECT_EQ(server.CreateDatabase("twice").code(), Status::Code::kAlreadyExists);
  EXPECT_EQ(Query(server.Dsn("twice"), "SELECT current_database()"), "twice");
}

TEST(EmbeddedPostgres, FindsTheServerBinaries) {
  auto dir = FindPostgresBinDir();
  ASSERT_TRUE(dir.ok()) << dir.status().ToString();
  EXPECT_TRUE(fs::exists(fs::path(*dir) / "postgres"));
  EXPECT_TRUE(fs::exists(fs::path(*dir) / "initdb"));
}

// A process killed by a signal, or crashing, takes its servers down with it. The
// suite initializes one cluster that each dying child restarts.
class EmbeddedPostgresDeathTest : public ::testing::TestWithParam<int> {
 protected:
  static void SetUpTestSuite() {
    dir_ = MakeTempDir();
    EmbeddedPostgres pg({.data_dir = dir_, .durable = false});
    ASSERT_TRUE(pg.Start().ok());
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }
  static std::string dir_;
};
std::string EmbeddedPostgresDeathTest::dir_;

TEST_P(EmbeddedPostgresDeathTest, ServerStopsWhenItsProcessDiesOfASignal) {
  const int sig = GetParam();
  EXPECT_EXIT(
      {
        EmbeddedPostgres pg({.data_dir = dir_, .durable = false});
        if (!pg.Start().ok()) _exit(3);
        raise(sig);
      },
      ::testing::KilledBySignal(sig), "");
  EXPECT_TRUE(fs::exists(fs::path(dir_) / "PG_VERSION"));
  EXPECT_FALSE(fs::exists(fs::path(dir_) / "postmaster.pid")) << "the server is still up";
}

TEST_F(EmbeddedPostgresDeathTest, ServerStopsWhenItsProcessExits) {
  EXPECT_EXIT(
      {
        auto* leaked = new EmbeddedPostgres({.data_dir = dir_, .durable = false});
        if (!leaked->Start().ok()) _exit(3);
        std::exit(0);
      },
      ::testing::ExitedWithCode(0), "");
  EXPECT_FALSE(fs::exists(fs::path(dir_) / "postmaster.pid")) << "the server is still up";
}

INSTANTIATE_TEST_SUITE_P(Signals, EmbeddedPostgresDeathTest,
                         ::testing::Values(SIGTERM, SIGINT, SIGSEGV, SIGABRT),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return std::string(sigabbrev_np(info.param));
                         });

}  // namespace
}  // namespace xmatch::store
