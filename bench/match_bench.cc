// match_bench: the nightly match end to end, against the same four rules written as SQL,
// on one private PostgreSQL, side by side on the same tables.
//
//   1. generate   DataGenerator COPYs the roll, 12 months of payments and department
//                 records (default 1M / ~11M / 4M; --scale multiplies the roll and records);
//   2. setup      VACUUM ANALYZE (both engines), then the SQL's own indexes (bench/sql/
//                 setup.sql), timed apart;
//   3. full       `xmatch match --full` (matcher::RunMatch), then bench/sql/rules.sql; the
//                 clue sets — (rule, member_id, clue_key, overpaid_periods, overpaid_amount)
//                 — must be identical;
//   4. changes    1% new department records and 0.5% roll changes, dated the next day;
//                 an incremental RunMatch at R+1, then the SQL again at R+1 to check the
//                 ledger the incremental run left;
//   5. join core  JoinHashTable built on the roll's keys and probed with every
//                 department record's key (best of 3): probes per second, index bytes.
//
// Prints one table: phase, seconds, CPU seconds of this process and of PostgreSQL (the
// machine may be shared), rate, this process's peak RSS during the phase and the peak
// of PostgreSQL's memory (its processes' private memory plus the shared memory
// touched, sampled every 100 ms).
//
//   match_bench [--scale X] [--keep] [--data-dir DIR] [--print-clues] [--sql-only]
//
// --keep leaves the cluster in its directory (printed) for psql; --print-clues prints the
// SQL's clues (for small scales: eyeballing the rules); --sql-only skips the C++ engine.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <sys/resource.h>
#include <unistd.h>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "bench/data_generator.h"
#include "common/config.h"
#include "common/token.h"
#include "matcher/join_hash_table.h"
#include "matcher/run/run_match.h"
#include "store/connection.h"
#include "store/embedded_postgres.h"
#include "store/migrations.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using xmatch::Date;
using xmatch::Result;
using xmatch::Status;

constexpr std::string_view kRules[] = {"deceased", "imprisoned", "pension_income",
                                       "duplicate_enrollment"};

struct Flags {
  double scale = 1.0;
  bool keep = false;
  bool print_clues = false;
  bool sql_only = false;
  std::string data_dir;
};

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "match_bench: %s\n", what.c_str());
  std::exit(1);
}

void Check(const Status& s, std::string_view what) {
  if (!s.ok()) Die(fmt::format("{}: {}", what, s.ToString()));
}

Flags ParseFlags(int argc, char** argv) {
  Flags f;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) Die(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--scale") {
      f.scale = std::atof(value().c_str());
      if (!(f.scale > 0)) Die("--scale must be a positive number, e.g. 5 or 0.001");
    } else if (arg == "--keep") {
      f.keep = true;
    } else if (arg == "--print-clues") {
      f.print_clues = true;
    } else if (arg == "--sql-only") {
      f.sql_only = true;
    } else if (arg == "--data-dir") {
      f.data_dir = value();
    } else {
      Die("unknown flag " + arg +
          " (flags: --scale X, --keep, --data-dir DIR, --print-clues, --sql-only)");
    }
  }
  return f;
}

// ---- Memory ----

// This process's peak RSS since the last Reset (Linux: clear_refs 5 resets VmHWM).
class SelfPeak {
 public:
  static void Reset() { std::ofstream("/proc/self/clear_refs") << "5"; }
  static uint64_t Bytes() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
      if (line.rfind("VmHWM:", 0) == 0) return std::stoull(line.substr(6)) * 1024;
    }
    return 0;
  }
};

// Samples the memory of PostgreSQL (postmaster and its children: backends, parallel
// workers) every 100 ms on a thread of its own and keeps the peak of
//   sum of private memory (RssAnon) + shared memory touched (the largest RssShmem: shared
//   buffers are one mapping, counted once) + the largest RssFile (the binary, libraries).
// Read from /proc/PID/status, which costs nothing to the server; smaps_rollup (PSS)
// walks page tables under the process's mmap lock and slowed the server measurably.
// Also reads PostgreSQL's CPU time (CpuSeconds), as the machine is shared and wall time
// alone says little.
class PgMemorySampler {
 public:
  explicit PgMemorySampler(std::string data_dir) : data_dir_(std::move(data_dir)) {}
  ~PgMemorySampler() { Stop(); }

  void Start() {
    peak_ = 0;
    postmaster_ = Postmaster();
    running_ = true;
    thread_ = std::thread([this] {
      while (running_) {
        peak_ = std::max<uint64_t>(peak_, Sample());
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    });
  }
  uint64_t Stop() {
    if (thread_.joinable()) {
      running_ = false;
      thread_.join();
    }
    return peak_;
  }

  // CPU seconds (user + system) of the postmaster, its live children and every child it
  // has reaped (cutime, cstime): the difference of two readings counts the backends and
  // parallel workers that came and went in between.
  double CpuSeconds() const {
    const int postmaster = Postmaster();
    if (postmaster <= 0) return 0;
    uint64_t ticks = Ticks(fs::path("/proc") / std::to_string(postmaster), true);
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/proc", ec)) {
      const std::string pid = entry.path().filename();
      if (pid.empty() || !std::isdigit(static_cast<unsigned char>(pid[0]))) continue;
      if (ParentOf(entry.path()) == postmaster) ticks += Ticks(entry.path(), false);
    }
    return static_cast<double>(ticks) / static_cast<double>(sysconf(_SC_CLK_TCK));
  }

 private:
  struct Rss {
    uint64_t anon = 0, file = 0, shmem = 0;
  };
  int Postmaster() const {
    std::ifstream pidfile(data_dir_ + "/postmaster.pid");
    int pid = 0;
    pidfile >> pid;
    return pid;
  }
  static Rss ReadRss(const std::string& pid) {
    std::ifstream status("/proc/" + pid + "/status");
    std::string line;
    Rss rss;
    auto kib = [&](size_t prefix) { return std::stoull(line.substr(prefix)) * 1024; };
    while (std::getline(status, line)) {
      if (line.rfind("RssAnon:", 0) == 0) rss.anon = kib(8);
      if (line.rfind("RssFile:", 0) == 0) rss.file = kib(8);
      if (line.rfind("RssShmem:", 0) == 0) rss.shmem = kib(9);
    }
    return rss;
  }
  // The fields of /proc/PID/stat from field 3 (state) on, after the "(comm) " that may
  // hold spaces; empty when the process is gone.
  static std::istringstream StatFields(const fs::path& proc_dir) {
    std::ifstream stat(proc_dir / "stat");
    std::string content;
    std::getline(stat, content);
    const size_t paren = content.rfind(')');
    if (paren == std::string::npos || paren + 2 >= content.size()) return {};
    return std::istringstream(content.substr(paren + 2));
  }
  // utime + stime (+ cutime + cstime with `reaped`) from /proc/PID/stat, in clock ticks.
  static uint64_t Ticks(const fs::path& proc_dir, bool reaped) {
    std::istringstream rest = StatFields(proc_dir);
    std::string field;
    uint64_t ticks = 0;
    // Fields 3.. of stat(5): utime is field 14, stime 15, cutime 16, cstime 17.
    for (int n = 3; n <= 17 && rest >> field; ++n) {
      if (n == 14 || n == 15 || (reaped && (n == 16 || n == 17))) ticks += std::stoull(field);
    }
    return ticks;
  }
  static int ParentOf(const fs::path& proc_dir) {
    std::istringstream rest = StatFields(proc_dir);
    char state;
    int ppid = 0;
    rest >> state >> ppid;
    return ppid;
  }
  uint64_t Sample() const {
    if (postmaster_ <= 0) return 0;
    Rss total = ReadRss(std::to_string(postmaster_));
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/proc", ec)) {
      const std::string pid = entry.path().filename();
      if (pid.empty() || !std::isdigit(static_cast<unsigned char>(pid[0]))) continue;
      if (ParentOf(entry.path()) != postmaster_) continue;
      const Rss rss = ReadRss(pid);
      total.anon += rss.anon;
      total.file = std::max(total.file, rss.file);
      total.shmem = std::max(total.shmem, rss.shmem);
    }
    return total.anon + total.file + total.shmem;
  }

  std::string data_dir_;
  int postmaster_ = 0;
  std::atomic<bool> running_{false};
  std::atomic<uint64_t> peak_{0};
  std::thread thread_;
};

// ---- The table ----

// CPU seconds (user + system) this process has used so far, all threads.
double SelfCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

struct PhaseRow {
  std::string phase;
  double seconds = 0;
  double cpu_client = -1;  // CPU seconds of this process; < 0: not measured
  double cpu_server = -1;  // of PostgreSQL
  std::string rate;
  uint64_t rss = 0;
  uint64_t pg = 0;
  std::string note;
};

// What a phase reports: how many things it did (for the rate column) and a note.
struct PhaseResult {
  double count = 0;  // 0: no rate
  std::string unit;
  std::string note;
};

std::string PerSecond(double count, double seconds, std::string_view unit);

class Phases {
 public:
  explicit Phases(PgMemorySampler* pg) : pg_(pg) {}

  // Runs fn, timing it and sampling memory.
  void Run(const std::string& name, const std::function<PhaseResult()>& fn) {
    std::fprintf(stderr, "== %s ...\n", name.c_str());
    SelfPeak::Reset();
    pg_->Start();
    const double client_cpu = SelfCpuSeconds();
    const double server_cpu = pg_->CpuSeconds();
    const auto start = Clock::now();
    const PhaseResult result = fn();
    PhaseRow row;
    row.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    row.cpu_client = SelfCpuSeconds() - client_cpu;
    row.cpu_server = pg_->CpuSeconds() - server_cpu;
    row.pg = pg_->Stop();
    row.rss = SelfPeak::Bytes();
    row.phase = name;
    if (result.count > 0) row.rate = PerSecond(result.count, row.seconds, result.unit);
    row.note = result.note;
    std::fprintf(stderr, "   %.2f s (CPU %.2f client, %.2f server)  %s  %s\n", row.seconds,
                 row.cpu_client, row.cpu_server, row.rate.c_str(), row.note.c_str());
    rows_.push_back(row);
  }
  // A row measured elsewhere (the join core times itself).
  void Add(PhaseRow row) { rows_.push_back(std::move(row)); }

  void Print() const {
    std::printf("\n%-36s %9s %15s %22s %10s %10s  %s\n", "phase", "seconds",
                "CPU s cli/PG", "rate", "peak RSS", "PG memory", "notes");
    std::printf("%s\n", std::string(146, '-').c_str());
    for (const PhaseRow& r : rows_) {
      const std::string cpu = r.cpu_client < 0 ? std::string("-")
                                               : fmt::format("{:.2f}/{:.2f}", r.cpu_client,
                                                             r.cpu_server);
      std::printf("%-36s %9.2f %15s %22s %10s %10s  %s\n", r.phase.c_str(), r.seconds,
                  cpu.c_str(), r.rate.c_str(), Mib(r.rss).c_str(), Mib(r.pg).c_str(),
                  r.note.c_str());
    }
  }
  double Seconds(const std::string& phase) const {
    for (const PhaseRow& r : rows_) {
      if (r.phase == phase) return r.seconds;
    }
    return 0;
  }

 private:
  static std::string Mib(uint64_t bytes) {
    return bytes == 0 ? std::string("-") : fmt::format("{} MiB", bytes >> 20);
  }
  PgMemorySampler* pg_;
  std::vector<PhaseRow> rows_;
};

std::string PerSecond(double count, double seconds, std::string_view unit) {
  const double rate = count / std::max(seconds, 1e-9);
  if (rate >= 1e6) return fmt::format("{:.2f} M {}/s", rate / 1e6, unit);
  if (rate >= 1e3) return fmt::format("{:.1f} k {}/s", rate / 1e3, unit);
  return fmt::format("{:.0f} {}/s", rate, unit);
}

// ---- SQL files (psql syntax: :'name' variables, statements ending with ';') ----

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) Die("cannot read " + path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Splits a psql script into statements (a ';' ending a line, outside $$ bodies) and
// substitutes :'name' with the quoted value.
std::vector<std::string> Statements(const std::string& script,
                                    const std::map<std::string, std::string>& vars) {
  std::string text = script;
  for (const auto& [name, value] : vars) {
    const std::string pattern = ":'" + name + "'";
    for (size_t at = text.find(pattern); at != std::string::npos; at = text.find(pattern, at)) {
      text.replace(at, pattern.size(), "'" + value + "'");
    }
  }
  std::vector<std::string> out;
  std::string current;
  bool in_body = false;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    const std::string_view trimmed(line);
    if (trimmed.rfind("--", 0) == 0 && current.empty()) continue;
    for (size_t at = line.find("$$"); at != std::string::npos; at = line.find("$$", at + 2)) {
      in_body = !in_body;
    }
    current += line;
    current += '\n';
    const size_t end = line.find_last_not_of(" \t");
    if (!in_body && end != std::string::npos && line[end] == ';') {
      out.push_back(current);
      current.clear();
    }
  }
  if (current.find_first_not_of(" \t\n") != std::string::npos) out.push_back(current);
  return out;
}

void RunScript(pqxx::connection& conn, const std::string& file,
               const std::map<std::string, std::string>& vars) {
  for (const std::string& sql : Statements(ReadFile(file), vars)) {
    try {
      pqxx::nontransaction tx(conn);
      tx.exec(sql);
    } catch (const std::exception& e) {
      Die(fmt::format("{}: {}", file, xmatch::store::StatusFromPqxx(e, "running").ToString()));
    }
  }
}

std::string SqlFile(const std::string& name) {
  return std::string(XMATCH_BENCH_SQL_DIR) + "/" + name;
}

std::unique_ptr<pqxx::connection> Connect(const std::string& dsn) {
  Result<std::unique_ptr<pqxx::connection>> conn = xmatch::store::Connect(dsn);
  Check(conn.status(), "connecting");
  return std::move(conn).value();
}

// ---- Comparing the two engines' clues ----

struct Comparison {
  std::map<std::string, std::pair<long, long>> counts;  // rule -> (C++, SQL)
  long only_cpp = 0;
  long only_sql = 0;
  std::vector<std::string> examples;
  bool identical() const { return only_cpp == 0 && only_sql == 0; }
};

Comparison Compare(pqxx::connection& conn) {
  Comparison c;
  pqxx::work tx(conn);
  for (const auto& row : tx.exec(
           "SELECT rule, sum(cpp)::bigint, sum(sql)::bigint FROM ("
           "  SELECT rule, 1 AS cpp, 0 AS sql FROM clues WHERE NOT evidence_gone"
           "  UNION ALL SELECT rule, 0, 1 FROM sql_clues) x GROUP BY rule")) {
    c.counts[row[0].as<std::string>()] = {row[1].as<long>(), row[2].as<long>()};
  }
  const std::string cpp =
      "SELECT rule, member_id, clue_key, overpaid_periods, overpaid_amount FROM clues "
      "WHERE NOT evidence_gone";
  const std::string sql =
      "SELECT rule, member_id, clue_key, overpaid_periods, overpaid_amount FROM sql_clues";
  auto diff = [&](const std::string& a, const std::string& b, std::string_view label,
                  long* count) {
    *count = tx.exec1("SELECT count(*) FROM (" + a + " EXCEPT " + b + ") d")[0].as<long>();
    for (const auto& row : tx.exec("SELECT * FROM (" + a + " EXCEPT " + b +
                                   ") d ORDER BY clue_key LIMIT 10")) {
      c.examples.push_back(fmt::format("only {}: {} periods={} amount={}", label,
                                       row[2].c_str(), row[3].c_str(), row[4].c_str()));
    }
  };
  diff(cpp, sql, "C++", &c.only_cpp);
  diff(sql, cpp, "SQL", &c.only_sql);
  return c;
}

void PrintComparison(const std::string& title, const Comparison& c, bool with_cpp) {
  std::printf("\n%s\n%-24s %12s %12s\n", title.c_str(), "rule", "C++ clues", "SQL clues");
  long total_cpp = 0, total_sql = 0;
  for (std::string_view rule : kRules) {
    const auto it = c.counts.find(std::string(rule));
    const auto [cpp, sql] = it == c.counts.end() ? std::pair<long, long>{0, 0} : it->second;
    total_cpp += cpp;
    total_sql += sql;
    std::printf("%-24s %12s %12ld\n", std::string(rule).c_str(),
                with_cpp ? std::to_string(cpp).c_str() : "-", sql);
  }
  std::printf("%-24s %12s %12ld\n", "total", with_cpp ? std::to_string(total_cpp).c_str() : "-",
              total_sql);
  if (!with_cpp) return;
  std::printf("identical (rule, member_id, clue_key, overpaid_periods, overpaid_amount): %s",
              c.identical() ? "yes\n" : "NO");
  if (!c.identical()) {
    std::printf(" (%ld only in C++, %ld only in SQL)\n", c.only_cpp, c.only_sql);
    for (const std::string& e : c.examples) std::printf("  %s\n", e.c_str());
  }
}

void PrintSqlClues(pqxx::connection& conn) {
  pqxx::work tx(conn);
  std::printf("\nSQL clues (clue_key, program, status, overpaid_periods, overpaid_amount, evidence):\n");
  for (const auto& row : tx.exec(
           "SELECT c.clue_key, c.program, r.status, c.overpaid_periods, c.overpaid_amount, "
           "c.evidence FROM sql_clues c JOIN roll_members r USING (member_id) "
           "ORDER BY c.rule, c.clue_key")) {
    std::printf("  %-60s %-18s %-9s %2s %10s %s\n", row[0].c_str(), row[1].c_str(),
                row[2].c_str(), row[3].c_str(), row[4].c_str(), row[5].c_str());
  }
}

// ---- The join core ----

std::vector<uint64_t> Keys(pqxx::connection& conn, const std::string& query) {
  std::vector<uint64_t> keys;
  pqxx::work tx(conn);
  // libpqxx 6.4 puts the "table name" into COPY ... TO STDOUT as is: a parenthesized
  // query works.
  pqxx::stream_from stream(tx, "(" + query + ")");
  std::string line;
  while (stream.get_raw_line(line)) keys.push_back(xmatch::TokenKey64(line));
  stream.complete();
  return keys;
}

PhaseRow JoinCore(pqxx::connection& conn) {
  std::fprintf(stderr, "== join core ...\n");
  const std::vector<uint64_t> roll = Keys(conn, "SELECT id_token FROM roll_members");
  const std::vector<uint64_t> probes = Keys(conn, "SELECT id_token FROM dept_records");
  SelfPeak::Reset();
  const auto build_start = Clock::now();
  auto table = xmatch::matcher::JoinHashTable::Build(roll);
  const double build_s = std::chrono::duration<double>(Clock::now() - build_start).count();
  Check(table.status(), "building the join table");
  double best = 1e9;
  size_t matches = 0;
  for (int rep = 0; rep < 3; ++rep) {
    const auto start = Clock::now();
    const auto found = table->ProbeAll(probes, 2);
    best = std::min(best, std::chrono::duration<double>(Clock::now() - start).count());
    matches = found.size();
  }
  PhaseRow row;
  row.phase = "join core (2 threads, best of 3)";
  row.seconds = best;
  row.rate = PerSecond(static_cast<double>(probes.size()), best, "probes");
  row.rss = SelfPeak::Bytes();
  row.note = fmt::format("{} probes, {} hits; build {} rows {:.0f} ms; index {:.1f} B/roll row",
                         probes.size(), matches, roll.size(), build_s * 1e3,
                         static_cast<double>(table->memory_bytes()) / roll.size());
  std::fprintf(stderr, "   %s %s\n", row.rate.c_str(), row.note.c_str());
  return row;
}

// ---- The engines ----

struct InputSize {
  double rows = 0;
  std::string note;
};

InputSize CountInput(pqxx::connection& conn) {
  pqxx::work tx(conn);
  const auto r = tx.exec1(
      "SELECT (SELECT count(*) FROM roll_members), (SELECT count(*) FROM payments), "
      "(SELECT count(*) FROM dept_records)");
  return {r[0].as<double>() + r[1].as<double>() + r[2].as<double>(),
          fmt::format("{} roll, {} payments, {} records", r[0].c_str(), r[1].c_str(),
                      r[2].c_str())};
}

PhaseResult RunCpp(pqxx::connection& conn, Date run_date, bool full, const InputSize& input) {
  xmatch::matcher::RunOptions options;
  options.run_date = run_date;
  options.full = full;
  options.progress = nullptr;
  Result<xmatch::matcher::RunSummary> summary = xmatch::matcher::RunMatch(conn, options);
  Check(summary.status(), "RunMatch");
  std::string timings;
  for (const auto& [phase, ms] : summary->timings_ms) {
    timings += fmt::format("{}{} {}", timings.empty() ? "" : ", ", phase, ms);
  }
  return {input.rows, "input rows",
          fmt::format("{}{} roll rows, {} records matched, {} payments read; ms: {}",
                      summary->full ? "" : fmt::format("{} people re-examined, ", summary->people),
                      summary->roll_rows, summary->records_matched, summary->payments, timings)};
}

PhaseResult RunSql(const std::string& dsn, Date run_date, const InputSize& input) {
  auto conn = Connect(dsn);
  RunScript(*conn, SqlFile("rules.sql"),
            {{"run_date", run_date.ToString()},
             {"threshold_dibao", "1000.00"},
             {"threshold_tekun", "1000.00"}});
  return {input.rows, "input rows", input.note};
}

PhaseResult Loaded(const Result<xmatch::bench::LoadReport>& report, std::string_view what) {
  Check(report.status(), what);
  std::string note = fmt::format("{} roll rows, {} payments, {} records", report->roll_rows,
                                 report->payments, report->dept_records);
  if (report->records_seconds > 0) {
    note += fmt::format(" (roll {:.1f} s + payments {:.1f} s, beside records {:.1f} s)",
                        report->roll_seconds, report->payments_seconds, report->records_seconds);
  }
  return {static_cast<double>(report->rows()), "rows", note};
}

}  // namespace

int main(int argc, char** argv) {
  const Flags flags = ParseFlags(argc, argv);
  xmatch::bench::GeneratorOptions gen_options;
  gen_options.roll_rows = static_cast<size_t>(1'000'000 * flags.scale);
  gen_options.dept_records = static_cast<size_t>(4'000'000 * flags.scale);
  const Date run_date = gen_options.run_date;
  const xmatch::bench::DataGenerator generator(
      gen_options, xmatch::TokenKeyring::FromSecrets({{1, "match_bench key, not a secret"}}));

  std::string data_dir = flags.data_dir;
  if (data_dir.empty()) {
    std::string tmpl = (fs::temp_directory_path() / "xmatch-mbench-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) Die("cannot create a temporary directory");
    data_dir = tmpl;
  }
  // Not remove_on_stop: the server is restarted once (for shared_buffers); the directory
  // is removed at the end unless --keep.
  xmatch::store::EmbeddedPostgres server({.data_dir = data_dir, .durable = false});
  Check(server.Start(), "starting PostgreSQL");
  {
    auto admin = Connect(server.Dsn());
    RunScript(*admin, SqlFile("server.sql"), {});
  }
  Check(server.Stop(), "stopping PostgreSQL for its new settings");
  Check(server.Start(), "restarting PostgreSQL");
  const Status created = server.CreateDatabase("bench");
  if (created.code() != Status::Code::kAlreadyExists) Check(created, "creating database bench");
  const std::string dsn = server.Dsn("bench");
  auto conn = Connect(dsn);
  Check(xmatch::store::Migrate(*conn).status(), "migrating");
  std::fprintf(stderr, "PostgreSQL in %s (%s), scale %g\n", data_dir.c_str(), dsn.c_str(),
               flags.scale);

  PgMemorySampler pg_memory(data_dir);
  Phases phases(&pg_memory);

  phases.Run("generate + COPY", [&] { return Loaded(generator.Load(dsn), "generating"); });
  phases.Run("VACUUM ANALYZE (both engines)", [&] {
    RunScript(*conn, SqlFile("vacuum.sql"), {});
    return PhaseResult{0, "", "setup"};
  });
  phases.Run("SQL setup: its indexes", [&] {
    RunScript(*conn, SqlFile("setup.sql"), {});
    return PhaseResult{0, "", "bench/sql/setup.sql"};
  });

  const InputSize input = CountInput(*conn);
  if (!flags.sql_only) {
    phases.Run("xmatch match --full", [&] { return RunCpp(*conn, run_date, true, input); });
  }
  phases.Run("SQL rules (rules.sql)", [&] { return RunSql(dsn, run_date, input); });
  const Comparison full = Compare(*conn);
  if (flags.print_clues) PrintSqlClues(*conn);

  phases.Run("changes: +1% records, 0.5% roll", [&] {
    return Loaded(generator.AddChanges(*conn, 1, gen_options.dept_records / 100,
                                       gen_options.roll_rows / 200),
                  "adding changes");
  });
  const InputSize input_after = CountInput(*conn);
  const Date next_day = run_date.AddDays(1);
  if (!flags.sql_only) {
    phases.Run("xmatch match (incremental, R+1)",
               [&] { return RunCpp(*conn, next_day, false, input_after); });
  }
  phases.Run("SQL rules after changes (R+1)", [&] { return RunSql(dsn, next_day, input_after); });
  const Comparison after = Compare(*conn);

  phases.Add(JoinCore(*conn));

  std::printf("\nmatch_bench, scale %g, run date %s, on %u cores\n", flags.scale,
              run_date.ToString().c_str(), std::thread::hardware_concurrency());
  phases.Print();
  PrintComparison("Clues, full run at R (C++ ledger vs SQL):", full, !flags.sql_only);
  PrintComparison("Clues after the changes, at R+1 (C++ ledger after the incremental run vs SQL):",
                  after, !flags.sql_only);
  if (!flags.sql_only) {
    const double cpp_full = phases.Seconds("xmatch match --full");
    const double sql_full = phases.Seconds("SQL rules (rules.sql)");
    const double cpp_incr = phases.Seconds("xmatch match (incremental, R+1)");
    std::printf("\nfull run vs SQL: %.1fx faster (target >= 5x)\n", sql_full / cpp_full);
    std::printf("incremental vs full run: %.1fx faster (target >= 10x)\n", cpp_full / cpp_incr);
  }
  conn.reset();
  Check(server.Stop(), "stopping PostgreSQL");
  if (flags.keep) {
    std::printf("\ncluster kept in %s (start it with pg_ctl -D %s start)\n", data_dir.c_str(),
                data_dir.c_str());
  } else {
    std::error_code ec;
    fs::remove_all(data_dir, ec);
  }
  return 0;
}
