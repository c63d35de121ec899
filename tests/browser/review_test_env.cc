// review_test_env: a private, migrated PostgreSQL with seeded rows, for the review pages'
// browser test (tests/browser/review_flow.mjs) and the load benchmark
// (bench/review_load.sh), which then run `xmatch users add` and `xmatch serve` against it.
//
//   review_test_env [--sql FILE]...
//
// Starts an EmbeddedPostgres in a new temporary directory, creates the database `xmatch`,
// applies the built-in migrations, runs each --sql FILE in its own transaction, prints
// one JSON line {"dsn": "...", "port": N} on stdout, and keeps the server up until its
// standard input closes or it gets SIGTERM/SIGINT/SIGHUP. Then it stops the server and
// removes the directory. Waiting on stdin means a driver that dies still stops it.
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/connection.h"
#include "store/embedded_postgres.h"
#include "store/migrations.h"

namespace {

using xmatch::Status;

Status RunSqlFile(pqxx::connection& conn, const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::IoError("cannot read " + path + ": check the --sql path");
  std::stringstream text;
  text << in.rdbuf();
  try {
    pqxx::work tx(conn);
    tx.exec(text.str());
    tx.commit();
    return Status::Ok();
  } catch (const std::exception& e) {
    return xmatch::store::StatusFromPqxx(e, "running " + path);
  }
}

// Blocks until stdin reaches end of file or a termination signal arrives.
void WaitForStop() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  // Blocked only now: the postmaster, started above, must not inherit the mask.
  sigprocmask(SIG_BLOCK, &signals, nullptr);
  int signal_fd = signalfd(-1, &signals, SFD_CLOEXEC);
  pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {signal_fd, POLLIN, 0}};
  char buffer[256];
  while (true) {
    if (poll(fds, 2, -1) < 0) continue;  // EINTR
    if (fds[1].revents != 0) return;
    if (fds[0].revents != 0 && read(STDIN_FILENO, buffer, sizeof buffer) <= 0) return;
  }
}

int Fail(const std::string& step, const Status& status) {
  std::cerr << "review_test_env: " << step << ": " << status.ToString() << "\n";
  return EXIT_FAILURE;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> sql_files;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--sql" && i + 1 < argc) {
      sql_files.push_back(argv[++i]);
    } else {
      std::cerr << "usage: review_test_env [--sql FILE]...\n";
      return 2;
    }
  }

  std::string dir = (std::filesystem::temp_directory_path() / "xmatch-review-pg-XXXXXX").string();
  if (mkdtemp(dir.data()) == nullptr) return Fail("creating a temporary directory", Status::IoError(dir));
  xmatch::store::EmbeddedPostgres pg(
      {.data_dir = dir, .remove_on_stop = true, .port = 0, .durable = false});
  if (Status s = pg.Start(); !s.ok()) {
    std::filesystem::remove_all(dir);
    return Fail("starting PostgreSQL", s);
  }
  if (Status s = pg.CreateDatabase("xmatch"); !s.ok()) return Fail("creating the database", s);
  {
    auto conn = xmatch::store::Connect(pg.Dsn("xmatch"));
    if (!conn.ok()) return Fail("connecting", conn.status());
    if (auto migrated = xmatch::store::Migrate(**conn); !migrated.ok()) {
      return Fail("migrating", migrated.status());
    }
    for (const std::string& file : sql_files) {
      if (Status s = RunSqlFile(**conn, file); !s.ok()) return Fail("seeding", s);
    }
  }

  std::cout << nlohmann::json{{"dsn", pg.Dsn("xmatch")}, {"port", pg.port()}}.dump() << std::endl;
  WaitForStop();
  if (Status s = pg.Stop(); !s.ok()) return Fail("stopping PostgreSQL", s);
  return EXIT_SUCCESS;
}
