// `xmatch demo [--reset] [--dir DIR]`: the pipeline on embedded defaults. It starts its
// own PostgreSQL in DIR (default .demo, kept between runs), brings the schema up to date,
// makes a token key of its own, imports the sample roll and payments, and prints what
// was loaded per township and program.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <string>

#include <openssl/rand.h>

#include "cli/commands.h"
#include "rolls/payments_import.h"
#include "rolls/roll_import.h"
#include "store/connection.h"
#include "store/embedded_postgres.h"
#include "store/migrations.h"

#ifndef XMATCH_SOURCE_DIR
#error "XMATCH_SOURCE_DIR must be defined by the build"
#endif

namespace xmatch::cli {
namespace {

namespace fs = std::filesystem;

struct DemoOptions {
  std::string dir = ".demo";
  bool reset = false;
};

// The demo's sample data: config/sample under the working directory, else the source tree.
fs::path SampleDir() {
  fs::path local = fs::path("config") / "sample";
  if (fs::exists(local / "roll.csv")) return local;
  return fs::path(XMATCH_SOURCE_DIR) / "config" / "sample";
}

// A 32-byte token key of the demo's own, made once and kept (mode 0600).
Result<std::string> EnsureDemoKey(const fs::path& dir) {
  fs::path key = dir / "token-key-1.hex";
  if (fs::exists(key)) return key.string();
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) return Status::Internal("no random bytes for the demo key");
  std::ofstream out(key);
  for (unsigned char b : bytes) out << std::hex << std::setw(2) << std::setfill('0') << int(b);
  out << "\n";
  out.close();
  if (!out) return Status::IoError("cannot write " + key.string());
  ::chmod(key.c_str(), 0600);
  return key.string();
}

Status PrintLoaded(pqxx::connection& conn) {
  try {
    pqxx::work tx(conn);
    std::cout << "\n乡镇(街道)      项目                  人数   月发放(元)   已发月数\n";
    for (const auto& row : tx.exec(
             "SELECT m.township_code, m.program, count(*), sum(m.monthly_amount)::text, "
             "       coalesce(sum(p.months), 0) "
             "FROM roll_members m "
             "LEFT JOIN (SELECT member_id, count(*) AS months FROM payments GROUP BY 1) p "
             "  USING (member_id) "
             "GROUP BY 1, 2 ORDER BY 1, 2")) {
      std::cout << std::left << std::setw(16) << row[0].c_str() << std::setw(22) << row[1].c_str()
                << std::right << std::setw(4) << row[2].as<long>() << std::setw(13)
                << row[3].c_str() << std::setw(11) << row[4].as<long>() << "\n";
    }
    auto totals = tx.exec1(
        "SELECT (SELECT count(*) FROM roll_members), (SELECT count(*) FROM payments), "
        "       (SELECT coalesce(sum(amount), 0)::text FROM payments)");
    std::cout << "\nroll members: " << totals[0].as<long>() << ", payments: "
              << totals[1].as<long>() << ", paid in total: " << totals[2].c_str() << " yuan\n";
    return Status::Ok();
  } catch (const std::exception& e) {
    return store::StatusFromPqxx(e, "summarizing the demo data");
  }
}

Status RunDemo(const DemoOptions& options) {
  fs::path dir = fs::absolute(options.dir);
  if (options.reset && fs::exists(dir)) {
    std::cerr << "demo: removing " << dir.string() << "\n";
    fs::remove_all(dir);
  }
  fs::create_directories(dir);

  store::EmbeddedPostgres pg({.data_dir = (dir / "pg").string()});
  std::cerr << "demo: starting PostgreSQL in " << (dir / "pg").string() << "\n";
  XM_RETURN_IF_ERROR(pg.Start());
  Status created = pg.CreateDatabase("xmatch");
  if (!created.ok() && created.code() != Status::Code::kAlreadyExists) return created;

  XM_ASSIGN_OR_RETURN(auto conn, store::Connect(pg.Dsn("xmatch")));
  XM_ASSIGN_OR_RETURN(auto migrated, store::Migrate(*conn));
  for (const auto& name : migrated.applied) std::cerr << "demo: applied migration " << name << "\n";

  XM_ASSIGN_OR_RETURN(std::string key_file, EnsureDemoKey(dir));
  XM_ASSIGN_OR_RETURN(TokenKeyring keyring, TokenKeyring::Load({{1, key_file}}));

  fs::path samples = SampleDir();
  fs::path roll = samples / "roll.csv", payments = samples / "payments.csv";
  XM_ASSIGN_OR_RETURN(auto roll_report, rolls::ImportRoll(*conn, roll.string(), keyring));
  std::cerr << "demo: " << roll.string() << ": " << roll_report.inserted << " new, "
            << roll_report.updated << " changed, " << roll_report.unchanged << " unchanged\n";
  XM_ASSIGN_OR_RETURN(auto pay_report, rolls::ImportPayments(*conn, payments.string()));
  std::cerr << "demo: " << payments.string() << ": " << pay_report.inserted << " new, "
            << pay_report.updated << " changed, " << pay_report.unchanged << " unchanged\n";

  XM_RETURN_IF_ERROR(PrintLoaded(*conn));
  std::cout << "\nThe demo database keeps running only while xmatch does; its data stays in "
            << dir.string() << " (xmatch demo --reset starts over).\n";
  conn.reset();
  return pg.Stop();
}

}  // namespace

void RegisterDemoCommand(CLI::App& app, CliContext&, int* exit_code) {
  static DemoOptions options;
  CLI::App* demo = app.add_subcommand(
      "demo", "Run the pipeline on its own PostgreSQL with sample data");
  demo->add_option("--dir", options.dir, "Where the demo keeps its database and key");
  demo->add_flag("--reset", options.reset, "Start over: remove what an earlier demo left");
  demo->callback([exit_code] {
    Status s = RunDemo(options);
    if (!s.ok()) *exit_code = Fail(s);
  });
}

}  // namespace xmatch::cli
