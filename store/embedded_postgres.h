// EmbeddedPostgres: a private PostgreSQL 15 cluster in a directory of its own, for the
// tests, the demo and the README's first command. Never used in production, where
// XMATCH_PG points at the bureau's server.
//
// Start() runs initdb (UTF8, C collation, trust auth on a unix socket + loopback) when the
// directory holds no cluster yet, picks a free loopback port, and starts the server with
// pg_ctl. When the process runs as root (CI, fresh machines), the server runs as the
// `postgres` system user, which owns the data directory. Stop() is idempotent; the
// destructor calls it, and a process-wide registry stops every started cluster on
// SIGINT/SIGTERM/normal exit, so failing tests do not leak servers.
#pragma once

#include <string>

#include "common/result.h"
#include "common/status.h"

namespace xmatch::store {

struct EmbeddedPostgresOptions {
  // Where the cluster lives. Created if missing. Reused (not re-initialized) if it
  // already holds a cluster: the demo keeps its data between runs.
  std::string data_dir;
  // Remove data_dir on Stop() (tests: a temporary directory).
  bool remove_on_stop = false;
  // Port to listen on; 0 picks a free one.
  int port = 0;
  // Whether committed data must survive a machine crash. False (tests, benchmarks)
  // turns off fsync, synchronous_commit and full_page_writes and skips initdb's sync:
  // faster, but a power cut can corrupt the cluster. It also turns off wal_init_zero:
  // a new cluster has no WAL segments to recycle, and zero-filling each new one was 11%
  // of a landing connector's server time (perf, bench/connect_bench.cc), a cost a
  // long-running server, which recycles its segments, does not pay.
  bool durable = true;
};

class EmbeddedPostgres {
 public:
  explicit EmbeddedPostgres(EmbeddedPostgresOptions options);
  ~EmbeddedPostgres();
  EmbeddedPostgres(const EmbeddedPostgres&) = delete;
  EmbeddedPostgres& operator=(const EmbeddedPostgres&) = delete;

  // Initializes if needed and starts the server; returns when it accepts connections.
  // Errors say which step failed (initdb, pg_ctl start) with the server log's tail.
  // OK without doing anything when already running.
  Status Start();
  // `pg_ctl stop -m fast`, then removes data_dir if remove_on_stop. OK when not running.
  Status Stop();

  bool running() const { return running_; }
  int port() const { return port_; }
  // A libpq DSN for `dbname` on this server ("host=127.0.0.1 port=... dbname=...
  // user=postgres").
  std::string Dsn(const std::string& dbname = "postgres") const;
  // Runs CREATE DATABASE (optionally from a template). AlreadyExists if it exists.
  Status CreateDatabase(const std::string& name, const std::string& template_db = "") const;

 private:
  EmbeddedPostgresOptions options_;  // data_dir made absolute by the constructor
  std::string socket_dir_;           // private unix socket directory, made by Start()
  int port_ = 0;
  bool running_ = false;
};

// The directory holding PostgreSQL's server binaries (initdb, pg_ctl, postgres): the
// `pg_ctl` on PATH if any, else the newest /usr/lib/postgresql/*/bin.
Result<std::string> FindPostgresBinDir();

}  // namespace xmatch::store
