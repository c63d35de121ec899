// import_bench: end-to-end speed of `xmatch roll import` and `xmatch payments import`.
//
//   import_bench [--rows N] [--shared-buffers SIZE]
//
// Starts a private PostgreSQL (EmbeddedPostgres, durability off: no fsync, no
// synchronous commit, no full-page writes), migrates it, writes a synthetic roll of N
// members (default 1,000,000) and 12 months of their payments (12 N rows, appended month
// by month as bureaus export them) as CSV files in a temporary directory, then times:
// the roll import, the same roll again (which must change nothing), the payments import,
// and the same payments again. Prints rows, seconds, rows/s, the bench process's peak
// RSS (the server's memory is not included) and the CPU seconds of the bench process and
// of its server process. Exits non-zero if a re-import changed rows.
//
// A program, not a test: it takes minutes and a few GB of disk at the default size.
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>

#include "common/token.h"
#include "rolls/payments_import.h"
#include "rolls/roll_import.h"
#include "store/connection.h"
#include "store/embedded_postgres.h"
#include "store/migrations.h"

namespace {

namespace fs = std::filesystem;
using xmatch::Result;
using xmatch::Status;
using xmatch::rolls::ImportReport;

constexpr int kMonths = 12;

[[noreturn]] void Die(const std::string& what, const Status& status) {
  std::cerr << "import_bench: " << what << ": " << status.ToString() << "\n";
  std::exit(1);
}

struct Flags {
  long rows = 1000000;
  std::string shared_buffers;  // empty: the server's default
};

Flags ParseFlags(int argc, char** argv) {
  Flags flags;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--rows" && i + 1 < argc) {
      flags.rows = std::atol(argv[++i]);
    } else if (arg == "--shared-buffers" && i + 1 < argc) {
      flags.shared_buffers = argv[++i];
    } else {
      std::cerr << "usage: import_bench [--rows N] [--shared-buffers SIZE]\n";
      std::exit(2);
    }
  }
  if (flags.rows <= 0) {
    std::cerr << "import_bench: --rows must be positive\n";
    std::exit(2);
  }
  return flags;
}

// Appends `text` to a file through a large buffer.
class CsvFile {
 public:
  explicit CsvFile(const fs::path& path) : file_(std::fopen(path.c_str(), "wb")) {
    if (file_ == nullptr) Die("creating " + path.string(), Status::IoError(std::strerror(errno)));
    buffer_.reserve(kFlushBytes + 4096);
  }
  ~CsvFile() {
    Flush();
    std::fclose(file_);
  }
  std::string& buffer() { return buffer_; }
  void MaybeFlush() {
    if (buffer_.size() >= kFlushBytes) Flush();
  }

 private:
  static constexpr size_t kFlushBytes = 1 << 20;
  void Flush() {
    std::fwrite(buffer_.data(), 1, buffer_.size(), file_);
    buffer_.clear();
  }
  std::FILE* file_;
  std::string buffer_;
};

// A valid resident ID: one of a few county address codes, a birth date in 1935..2009.
std::string IdNumber(std::mt19937_64& rng) {
  static const char* const kCounties[] = {"410102", "410105", "411202", "411221",
                                          "440524", "110105", "320102", "510104"};
  const int year = 1935 + static_cast<int>(rng() % 75);
  const int month = 1 + static_cast<int>(rng() % 12);
  const int day = 1 + static_cast<int>(rng() % 28);
  char first17[32];
  std::snprintf(first17, sizeof(first17), "%s%04d%02d%02d%03u", kCounties[rng() % 8], year, month,
                day, static_cast<unsigned>(rng() % 1000));
  return std::string(first17) + xmatch::ResidentIdCheckCharacter(first17);
}

// Writes roll.csv and payments.csv; returns the members' monthly amounts in fen.
void WriteFiles(const fs::path& dir, long rows) {
  static const char* const kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄",
                                          "周", "吴", "徐", "孙", "胡", "朱", "高", "林"};
  static const char* const kGiven[] = {"伟", "芳", "娜", "秀英", "敏", "静", "丽", "强",
                                       "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
                                       "明", "超", "秀兰", "霞", "平", "刚", "桂英", "建华"};
  static const char* const kPrograms[] = {"dibao_urban",       "dibao_rural",
                                          "dibao_rural",       "tekun_dispersed",
                                          "tekun_centralized", "disability_living",
                                          "disability_care",   "elderly_allowance",
                                          "orphan",            "temp_relief"};
  std::mt19937_64 rng(20240101);
  std::vector<int> amounts(rows);
  {
    CsvFile roll(dir / "roll.csv");
    roll.buffer() =
        "member_id,household_id,id_number,name,program,region_code,enrolled_on,"
        "monthly_amount,status,exited_on\n";
    char line[256];
    for (long i = 0; i < rows; ++i) {
      amounts[i] = 20000 + static_cast<int>(rng() % 100000);  // 200.00 .. 1199.99 yuan
      const unsigned r = static_cast<unsigned>(rng() % 100);
      const char* status = r < 90 ? "active" : r < 95 ? "suspended" : "exited";
      const int enrolled_year = 2012 + static_cast<int>(rng() % 12);
      const int enrolled_month = 1 + static_cast<int>(rng() % 12);
      char exited[16] = "";
      if (r >= 95) std::snprintf(exited, sizeof(exited), "2024-%02d-15", 1 + static_cast<int>(rng() % 12));
      const std::string name =
          std::string(kSurnames[rng() % 16]) + kGiven[rng() % 24] + (rng() % 2 ? kGiven[rng() % 24] : "");
      std::snprintf(line, sizeof(line),
                    "M%08ld,H%08ld,%s,%s,%s,41010200%01u%03u,%04d-%02d-01,%d.%02d,%s,%s\n", i,
                    i / 3, IdNumber(rng).c_str(), name.c_str(), kPrograms[rng() % 10],
                    static_cast<unsigned>(rng() % 10), static_cast<unsigned>(rng() % 1000),
                    enrolled_year, enrolled_month, amounts[i] / 100, amounts[i] % 100, status,
                    exited);
      roll.buffer() += line;
      roll.MaybeFlush();
    }
  }
  CsvFile payments(dir / "payments.csv");
  payments.buffer() = "member_id,period,amount,paid_on\n";
  char line[96];
  for (int month = 1; month <= kMonths; ++month) {
    for (long i = 0; i < rows; ++i) {
      std::snprintf(line, sizeof(line), "M%08ld,2024-%02d,%d.%02d,2024-%02d-%02d\n", i, month,
                    amounts[i] / 100, amounts[i] % 100, month, 5 + static_cast<int>(i % 5));
      payments.buffer() += line;
      payments.MaybeFlush();
    }
  }
}

long PeakRssMiB() {
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

// CPU seconds (user + system) this process has used.
double ClientCpuSeconds() {
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// CPU seconds (user + system) the server process `pid` has used (/proc/PID/stat fields
// 14 and 15), 0 if it cannot be read.
double ServerCpuSeconds(int pid) {
  std::FILE* f = std::fopen(("/proc/" + std::to_string(pid) + "/stat").c_str(), "r");
  if (f == nullptr) return 0;
  char buf[1024];
  const size_t n = std::fread(buf, 1, sizeof(buf) - 1, f);
  std::fclose(f);
  buf[n] = '\0';
  const char* p = std::strrchr(buf, ')');  // the command name may hold spaces
  if (p == nullptr) return 0;
  unsigned long utime = 0, stime = 0;
  // After ")": state, then fields 4..13, then utime (14) and stime (15).
  if (std::sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime,
                  &stime) != 2) {
    return 0;
  }
  return static_cast<double>(utime + stime) / sysconf(_SC_CLK_TCK);
}

struct Timed {
  ImportReport report;
  double seconds;
  double client_cpu;  // seconds of CPU in this process
  double server_cpu;  // seconds of CPU in the server process of the connection
};

// Times an import. Wall-clock rows/s depends on what else the machine runs; the CPU
// seconds of both sides show what the import itself costs.
template <typename F>
Timed Time(const std::string& what, int server_pid, F&& import) {
  const double client0 = ClientCpuSeconds(), server0 = ServerCpuSeconds(server_pid);
  const auto start = std::chrono::steady_clock::now();
  Result<ImportReport> report = import();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!report.ok()) Die(what, report.status());
  return {*report, seconds, ClientCpuSeconds() - client0,
          ServerCpuSeconds(server_pid) - server0};
}

void PrintRow(const std::string& what, const Timed& t) {
  std::printf("%-18s %10lu %9.2f %11.0f %9lu %9lu %10lu %9ld %10.2f %10.2f\n", what.c_str(),
              static_cast<unsigned long>(t.report.rows), t.seconds, t.report.rows / t.seconds,
              static_cast<unsigned long>(t.report.inserted),
              static_cast<unsigned long>(t.report.updated),
              static_cast<unsigned long>(t.report.unchanged), PeakRssMiB(), t.client_cpu,
              t.server_cpu);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  const Flags flags = ParseFlags(argc, argv);
  std::string dir_template = (fs::temp_directory_path() / "xmatch-import-bench-XXXXXX").string();
  if (mkdtemp(dir_template.data()) == nullptr) {
    Die("creating a temporary directory", Status::IoError(std::strerror(errno)));
  }
  static fs::path dir;  // static: removed at exit, on failure paths (Die) too
  dir = dir_template;
  // Registered before the server starts, so it runs after the store's exit handler has
  // stopped the server.
  std::atexit([] {
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  });
  // Running as root, the server runs as `postgres`, which must reach its data directory.
  fs::permissions(dir, fs::perms::others_read | fs::perms::others_exec | fs::perms::group_read |
                           fs::perms::group_exec,
                  fs::perm_options::add);

  xmatch::store::EmbeddedPostgres pg({.data_dir = (dir / "pg").string(),
                                      .remove_on_stop = false,
                                      .port = 0,
                                      .durable = false});
  if (Status s = pg.Start(); !s.ok()) Die("starting PostgreSQL", s);
  if (!flags.shared_buffers.empty()) {
    // shared_buffers needs a restart; production servers are tuned well above the
    // default 128MB, which a 12M-row payments table outgrows.
    auto conn = xmatch::store::Connect(pg.Dsn());
    if (!conn.ok()) Die("connecting", conn.status());
    try {
      pqxx::nontransaction tx(**conn);
      tx.exec0("ALTER SYSTEM SET shared_buffers = " + tx.quote(flags.shared_buffers));
    } catch (const std::exception& e) {
      Die("setting shared_buffers", xmatch::store::StatusFromPqxx(e, "ALTER SYSTEM"));
    }
    conn->reset();
    if (Status s = pg.Stop(); !s.ok()) Die("stopping PostgreSQL", s);
    if (Status s = pg.Start(); !s.ok()) Die("restarting PostgreSQL", s);
  }
  if (Status s = pg.CreateDatabase("bench"); !s.ok()) Die("creating the database", s);
  auto conn = xmatch::store::Connect(pg.Dsn("bench"));
  if (!conn.ok()) Die("connecting", conn.status());
  if (auto migrated = xmatch::store::Migrate(**conn); !migrated.ok()) {
    Die("migrating", migrated.status());
  }
  const std::string shared_buffers =
      pqxx::nontransaction(**conn).exec1("SHOW shared_buffers")[0].c_str();

  std::cerr << "import_bench: writing " << flags.rows << " roll rows and "
            << flags.rows * kMonths << " payments rows to " << dir << "\n";
  WriteFiles(dir, flags.rows);
  const std::string roll = (dir / "roll.csv").string();
  const std::string payments = (dir / "payments.csv").string();

  std::mt19937_64 key_rng(std::random_device{}());
  std::string secret(32, '\0');
  for (char& c : secret) c = static_cast<char>(key_rng());
  const xmatch::TokenKeyring keyring = xmatch::TokenKeyring::FromSecrets({{1, secret}});
  const xmatch::rolls::ImportOptions options;  // progress on stderr

  std::printf("PostgreSQL 15, durability off (fsync, synchronous_commit, full_page_writes), "
              "shared_buffers %s; %ld hardware threads\n",
              shared_buffers.c_str(), sysconf(_SC_NPROCESSORS_ONLN));
  std::printf("roll.csv %.0f MiB, payments.csv %.0f MiB\n",
              fs::file_size(roll) / 1048576.0, fs::file_size(payments) / 1048576.0);
  std::printf("%-18s %10s %9s %11s %9s %9s %10s %9s %10s %10s\n", "import", "rows", "seconds",
              "rows/s", "inserted", "updated", "unchanged", "RSS MiB", "client CPU", "server CPU");

  using xmatch::rolls::ImportPayments;
  using xmatch::rolls::ImportRoll;
  const int server_pid = pqxx::nontransaction(**conn).exec1("SELECT pg_backend_pid()")[0].as<int>();
  const Timed roll1 = Time("roll import", server_pid, [&] { return ImportRoll(**conn, roll, keyring, options); });
  PrintRow("roll (first)", roll1);
  const Timed roll2 = Time("roll re-import", server_pid, [&] { return ImportRoll(**conn, roll, keyring, options); });
  PrintRow("roll (again)", roll2);
  const Timed pay1 = Time("payments import", server_pid, [&] { return ImportPayments(**conn, payments, options); });
  PrintRow("payments (first)", pay1);
  const Timed pay2 = Time("payments re-import", server_pid, [&] { return ImportPayments(**conn, payments, options); });
  PrintRow("payments (again)", pay2);

  conn->reset();
  (void)pg.Stop();

  const bool unchanged = roll2.report.inserted + roll2.report.updated == 0 &&
                         pay2.report.inserted + pay2.report.updated == 0;
  if (!unchanged) {
    std::cerr << "import_bench: a re-import of the same file changed rows\n";
    return 1;
  }
  return 0;
}
