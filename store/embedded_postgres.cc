#include "store/embedded_postgres.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "store/cluster_registry.h"
#include "store/connection.h"
#include "store/subprocess.h"

namespace xmatch::store {
namespace fs = std::filesystem;
namespace {

constexpr char kLogFile[] = "postgresql.log";
constexpr char kSocketDirTemplate[] = "/tmp/xmatch-pg-XXXXXX";  // short: socket paths max 107
constexpr int kStartAttempts = 3;  // a picked port can be taken before the server binds it
constexpr size_t kTailBytes = 4000;
constexpr char kSqlDuplicateDatabase[] = "42P04";

struct Binaries {
  std::string dir;
  std::optional<ProcessUser> user;
};

Result<Binaries> LocateBinaries() {
  XM_ASSIGN_OR_RETURN(std::string dir, FindPostgresBinDir());
  XM_ASSIGN_OR_RETURN(std::optional<ProcessUser> user, PostgresProcessUser());
  return Binaries{std::move(dir), std::move(user)};
}

bool HasServerBinaries(const fs::path& dir) {
  for (const char* name : {"initdb", "pg_ctl", "postgres"}) {
    if (access((dir / name).c_str(), X_OK) != 0) return false;
  }
  return true;
}

// The last `max_bytes` of `text`, starting at a line boundary.
std::string Tail(const std::string& text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t start = text.find('\n', text.size() - max_bytes);
  return start == std::string::npos ? text.substr(text.size() - max_bytes)
                                    : text.substr(start + 1);
}

uintmax_t FileSize(const fs::path& path) {
  std::error_code ec;
  uintmax_t size = fs::file_size(path, ec);
  return ec ? 0 : size;
}

// What the server logged from byte `offset` on: the log of a kept data directory also
// holds earlier runs, which say nothing about this failure.
std::string LogSince(const fs::path& path, uintmax_t offset) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "(no server log at " + path.string() + ")";
  in.seekg(static_cast<std::streamoff>(offset));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return Tail(text, kTailBytes);
}

Status ChownTo(const fs::path& path, const ProcessUser& user) {
  if (chown(path.c_str(), user.uid, user.gid) != 0) {
    return Status::IoError(fmt::format("cannot give {} to the `{}` user that runs PostgreSQL: {}",
                                       path.string(), user.name, std::strerror(errno)));
  }
  return Status::Ok();
}

std::string RootHint(const Binaries& bin, const fs::path& dir) {
  if (!bin.user) return "";
  return fmt::format(
      "\n(running as root, so PostgreSQL runs as `{}`: that user must be able to reach {} "
      "through every parent directory)",
      bin.user->name, dir.string());
}

Status InitDataDirIfNeeded(const Binaries& bin, const fs::path& dir, bool durable) {
  std::error_code ec;
  if (fs::exists(dir / "PG_VERSION", ec)) return Status::Ok();  // reuse the cluster
  if (fs::exists(dir, ec)) {
    if (!fs::is_empty(dir, ec) || ec) {
      return Status::FailedPrecondition(fmt::format(
          "{} is not empty and holds no PostgreSQL cluster (no PG_VERSION): give the "
          "embedded server an empty or new directory",
          dir.string()));
    }
  } else if (!fs::create_directories(dir, ec) && ec) {
    return Status::IoError(fmt::format("cannot create {}: {}", dir.string(), ec.message()));
  }
  if (bin.user) XM_RETURN_IF_ERROR(ChownTo(dir, *bin.user));

  std::vector<std::string> argv = {bin.dir + "/initdb", "-D", dir.string(), "-E", "UTF8",
                                   "--locale=C", "-A", "trust", "-U", "postgres"};
  if (!durable) argv.push_back("--no-sync");
  XM_ASSIGN_OR_RETURN(ProcessOutput out, RunProcess(argv, bin.user));
  if (out.exit_code != 0) {
    return Status::FailedPrecondition(fmt::format("initdb failed for {} (exit {}):\n{}{}",
                                                  dir.string(), out.exit_code,
                                                  Tail(out.output, kTailBytes),
                                                  RootHint(bin, dir)));
  }
  return Status::Ok();
}

Result<std::string> MakeSocketDir(const Binaries& bin) {
  char path[sizeof kSocketDirTemplate];
  std::memcpy(path, kSocketDirTemplate, sizeof path);
  if (mkdtemp(path) == nullptr) {
    return Status::IoError(
        fmt::format("cannot create a socket directory {}: {}", path, std::strerror(errno)));
  }
  if (bin.user) XM_RETURN_IF_ERROR(ChownTo(path, *bin.user));
  return std::string(path);
}

Result<int> PickFreePort() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Status::IoError(fmt::format("socket: {}", std::strerror(errno)));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  bool ok = bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
            getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
  int err = errno;
  close(fd);
  if (!ok) {
    return Status::IoError(
        fmt::format("cannot find a free port on 127.0.0.1: {}", std::strerror(err)));
  }
  return static_cast<int>(ntohs(addr.sin_port));
}

// Runs `pg_ctl start` and returns the port the server listens on. With options.port 0,
// retries on another free port if the picked one was taken meanwhile.
Result<int> StartServer(const Binaries& bin, const fs::path& dir, const std::string& socket_dir,
                        const EmbeddedPostgresOptions& options) {
  const fs::path log = dir / kLogFile;
  Status failure;
  for (int attempt = 1; attempt <= kStartAttempts; ++attempt) {
    int port = options.port;
    if (port == 0) {
      XM_ASSIGN_OR_RETURN(port, PickFreePort());
    }
    std::string server_options = fmt::format(
        "-p {} -k {} -c listen_addresses=127.0.0.1 "
        // Keep personal data out of the server log: no failing statement text and no
        // DETAIL lines (which quote key values such as ID numbers).
        "-c log_min_error_statement=panic -c log_error_verbosity=terse",
        port, socket_dir);
    if (!options.durable) {
      server_options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c wal_init_zero=off";
    }
    uintmax_t log_offset = FileSize(log);
    XM_ASSIGN_OR_RETURN(ProcessOutput out,
                        RunProcess({bin.dir + "/pg_ctl", "start", "-D", dir.string(), "-w",
                                    "-t", "60", "-s", "-l", log.string(), "-o", server_options},
                                   bin.user));
    if (out.exit_code == 0) return port;
    std::string server_log = LogSince(log, log_offset);
    failure = Status::FailedPrecondition(fmt::format(
        "pg_ctl start failed for {} on port {} (exit {}): {}\nserver log {}:\n{}{}",
        dir.string(), port, out.exit_code, out.output, log.string(), server_log,
        RootHint(bin, dir)));
    bool port_taken = server_log.find("could not bind") != std::string::npos;
    if (options.port != 0 || !port_taken) break;
  }
  return failure;
}

Result<pid_t> ReadPostmasterPid(const fs::path& dir) {
  std::ifstream in(dir / "postmaster.pid");
  long pid = 0;
  if (!(in >> pid) || pid <= 0) {
    return Status::Internal(fmt::format(
        "the server started but {} holds no process id", (dir / "postmaster.pid").string()));
  }
  return static_cast<pid_t>(pid);
}

// libpq connection-string value quoting: '...' with \ and ' backslash-escaped.
std::string QuoteDsnValue(const std::string& value) {
  std::string quoted = "'";
  for (char c : value) {
    if (c == '\\' || c == '\'') quoted += '\\';
    quoted += c;
  }
  return quoted + "'";
}

}  // namespace

EmbeddedPostgres::EmbeddedPostgres(EmbeddedPostgresOptions options)
    : options_(std::move(options)) {
  if (!options_.data_dir.empty()) {
    fs::path dir = fs::absolute(options_.data_dir).lexically_normal();
    if (!dir.has_filename()) dir = dir.parent_path();  // "dir/" -> "dir"
    options_.data_dir = dir.string();
  }
}

EmbeddedPostgres::~EmbeddedPostgres() {
  Status s = Stop();
  if (!s.ok()) {
    std::fprintf(stderr, "xmatch: stopping embedded PostgreSQL: %s\n", s.ToString().c_str());
  }
}

Status EmbeddedPostgres::Start() {
  if (running_) return Status::Ok();
  if (options_.data_dir.empty()) {
    return Status::InvalidArgument("EmbeddedPostgresOptions.data_dir is empty");
  }
  const fs::path dir = options_.data_dir;
  XM_ASSIGN_OR_RETURN(Binaries bin, LocateBinaries());
  XM_RETURN_IF_ERROR(InitDataDirIfNeeded(bin, dir, options_.durable));
  XM_ASSIGN_OR_RETURN(socket_dir_, MakeSocketDir(bin));

  Result<int> port = StartServer(bin, dir, socket_dir_, options_);
  if (!port.ok()) {
    std::error_code ec;
    fs::remove_all(socket_dir_, ec);
    return port.status();
  }
  port_ = *port;
  running_ = true;
  XM_ASSIGN_OR_RETURN(pid_t postmaster, ReadPostmasterPid(dir));
  RegisterCluster(this, postmaster, dir.string(), socket_dir_);
  return Status::Ok();
}

Status EmbeddedPostgres::Stop() {
  if (!running_) return Status::Ok();
  const fs::path dir = options_.data_dir;
  XM_ASSIGN_OR_RETURN(Binaries bin, LocateBinaries());
  XM_ASSIGN_OR_RETURN(ProcessOutput out,
                      RunProcess({bin.dir + "/pg_ctl", "stop", "-D", dir.string(), "-m", "fast",
                                  "-w", "-s"},
                                 bin.user));
  std::error_code ec;
  // A server that already went away (killed, crashed) is stopped too.
  if (out.exit_code != 0 && fs::exists(dir / "postmaster.pid", ec)) {
    return Status::FailedPrecondition(fmt::format("pg_ctl stop failed for {} (exit {}): {}",
                                                  dir.string(), out.exit_code, out.output));
  }
  running_ = false;
  UnregisterCluster(this);
  fs::remove_all(socket_dir_, ec);
  if (options_.remove_on_stop && fs::remove_all(dir, ec) == static_cast<uintmax_t>(-1)) {
    return Status::IoError(fmt::format("cannot remove {}: {}", dir.string(), ec.message()));
  }
  return Status::Ok();
}

std::string EmbeddedPostgres::Dsn(const std::string& dbname) const {
  return fmt::format("host=127.0.0.1 port={} dbname={} user=postgres", port_,
                     QuoteDsnValue(dbname));
}

Status EmbeddedPostgres::CreateDatabase(const std::string& name,
                                        const std::string& template_db) const {
  XM_ASSIGN_OR_RETURN(std::unique_ptr<pqxx::connection> conn, Connect(Dsn()));
  std::string what = fmt::format("creating database {} on the embedded server", name);
  try {
    std::string sql = "CREATE DATABASE " + conn->quote_name(name);
    if (!template_db.empty()) sql += " TEMPLATE " + conn->quote_name(template_db);
    pqxx::nontransaction tx(*conn);  // CREATE DATABASE cannot run in a transaction block
    tx.exec0(sql);
  } catch (const pqxx::sql_error& e) {
    if (e.sqlstate() == kSqlDuplicateDatabase) {
      return Status::AlreadyExists(fmt::format("{}: it already exists", what));
    }
    return StatusFromPqxx(e, what);
  } catch (const std::exception& e) {
    return StatusFromPqxx(e, what);
  }
  return Status::Ok();
}

Result<std::string> FindPostgresBinDir() {
  const char* path_env = std::getenv("PATH");
  std::string path = path_env ? path_env : "";
  for (size_t begin = 0; begin <= path.size();) {
    size_t end = std::min(path.find(':', begin), path.size());
    fs::path candidate = fs::path(path.substr(begin, end - begin)) / "pg_ctl";
    begin = end + 1;
    std::error_code ec;
    if (candidate.parent_path().empty() || access(candidate.c_str(), X_OK) != 0) continue;
    fs::path dir = fs::canonical(candidate, ec).parent_path();  // through Debian's symlinks
    if (!ec && HasServerBinaries(dir)) return dir.string();
  }

  std::error_code ec;
  std::optional<std::pair<int, fs::path>> newest;
  for (const fs::directory_entry& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    int version = std::atoi(entry.path().filename().c_str());
    if (version > 0 && HasServerBinaries(entry.path() / "bin") &&
        (!newest || version > newest->first)) {
      newest.emplace(version, entry.path() / "bin");
    }
  }
  if (newest) return newest->second.string();
  return Status::NotFound(
      "PostgreSQL's server programs (initdb, pg_ctl, postgres) are neither on PATH nor "
      "under /usr/lib/postgresql/*/bin: install PostgreSQL 15 (apt-get install postgresql)");
}

}  // namespace xmatch::store
