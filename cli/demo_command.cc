// `xmatch demo [--reset] [--county CODE] [--port N] [--no-serve]`: the whole pipeline on
// embedded defaults, the README's first command. It starts its own PostgreSQL in
// DIR/pg (kept between runs), makes a token key of its own, and hands over to
// demo::RunDemoPipeline (generate a county, import, `xmatch dev-kafka` as a child process,
// produce, connect, match). Then it prints the summary and the demo accounts with their
// passwords, and runs `xmatch serve` as a child process on 127.0.0.1:PORT. Ctrl-C stops
// everything it started: the server, the broker, then PostgreSQL.
#include <sys/stat.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <string>
#include <thread>

#include <openssl/rand.h>

#include "cli/commands.h"
#include "demo/demo_pipeline.h"
#include "demo/demo_users.h"
#include "demo/township_report.h"
#include "matcher/run/run_summary.h"
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
  std::string county = "411203";  // 陕州区, the county of the first notice
  int port = 8080;
  int households = 2500;
  uint64_t seed = 20261123;
  bool no_serve = false;
};

std::atomic<bool> g_demo_stop{false};  // set by SIGINT/SIGTERM once the demo runs

extern "C" void RequestDemoStop(int) { g_demo_stop.store(true); }

// `relative` under the working directory, else under the source tree.
fs::path ProjectPath(const fs::path& relative) {
  if (fs::exists(relative)) return relative;
  return fs::path(XMATCH_SOURCE_DIR) / relative;
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

void PrintAccounts(const std::vector<demo::DemoAccount>& accounts) {
  std::cout << "\nDemo accounts (new passwords on every run):\n";
  for (const auto& a : accounts) {
    std::cout << "  " << std::left << std::setw(22) << a.username << std::setw(20) << a.role
              << a.password << "  " << a.display_name << "\n";
  }
}

// The configuration `xmatch serve` (and anyone who wants to try other commands while the
// demo runs) reads: the demo's database, key, agreements, broker and port.
Result<std::string> WriteDemoConfig(const fs::path& dir, const std::string& dsn,
                                    const std::string& key_file, const std::string& brokers,
                                    int port) {
  fs::path file = dir / "xmatch-demo.yaml";
  std::ofstream out(file);
  out << "# Written by `xmatch demo` on every run: valid only while the demo runs.\n"
      << "pg: \"" << dsn << "\"\n"
      << "agreements_dir: \"" << fs::absolute(ProjectPath("config/agreements")).string() << "\"\n"
      << "token_keys:\n  1: \"" << key_file << "\"\n"
      << "kafka:\n  brokers: \"" << brokers << "\"\n  group_id: xmatch-demo\n"
      << "listen: 127.0.0.1:" << port << "\n";
  out.close();
  if (!out) return Status::IoError("cannot write " + file.string());
  return file.string();
}

// Runs `xmatch serve` until Ctrl-C (or until it exits).
Status Serve(const std::string& xmatch_binary, const std::string& config_file, const fs::path& dir) {
  demo::XmatchChildOptions serve;
  serve.xmatch_binary = xmatch_binary;
  serve.args = {"--config", config_file, "serve", "--threads", "4"};
  serve.log_file = (dir / "serve.log").string();
  XM_ASSIGN_OR_RETURN(auto server, demo::XmatchChild::Start(serve));
  const std::string& line = server->first_line();  // "xmatch serve: listening on URL"
  const size_t at = line.find("http");
  const std::string url = at == std::string::npos ? line : line.substr(at);
  std::cout << "\nreview pages: " << url << "  (log in with an account above; log: "
            << serve.log_file << ")\nCtrl-C stops the demo." << std::endl;
  while (!g_demo_stop.load() && server->Running()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  const bool exited = !server->Running();
  server->Stop();
  if (exited && !g_demo_stop.load()) {
    return Status::Unavailable("xmatch serve stopped; see " + serve.log_file);
  }
  std::cout << "\ndemo: stopping" << std::endl;
  return Status::Ok();
}

Status RunDemo(const DemoOptions& options, const Config& config) {
  fs::path dir = fs::absolute(options.dir);
  if (options.reset && fs::exists(dir)) {
    std::cerr << "demo: removing " << dir.string() << "\n";
    fs::remove_all(dir);
  }
  fs::create_directories(dir);

  XM_ASSIGN_OR_RETURN(auto counties,
                      demo::LoadCounties(ProjectPath("config/divisions/counties.json").string()));
  XM_ASSIGN_OR_RETURN(demo::County county, demo::FindCounty(counties, options.county));
  XM_ASSIGN_OR_RETURN(std::string key_file, EnsureDemoKey(dir));
  XM_ASSIGN_OR_RETURN(TokenKeyring keyring, TokenKeyring::Load({{1, key_file}}));
  XM_ASSIGN_OR_RETURN(AgreementRegistry agreements,
                      AgreementRegistry::LoadDir(ProjectPath("config/agreements").string()));

  store::EmbeddedPostgres pg({.data_dir = (dir / "pg").string()});
  std::cout << "demo: starting PostgreSQL in " << (dir / "pg").string() << std::endl;
  XM_RETURN_IF_ERROR(pg.Start());
  // From here Ctrl-C asks the steps to stop, and everything is stopped in order below.
  std::signal(SIGINT, RequestDemoStop);
  std::signal(SIGTERM, RequestDemoStop);
  Status created = pg.CreateDatabase("xmatch");
  if (!created.ok() && created.code() != Status::Code::kAlreadyExists) return created;
  XM_ASSIGN_OR_RETURN(auto conn, store::Connect(pg.Dsn("xmatch")));
  XM_ASSIGN_OR_RETURN(auto migrated, store::Migrate(*conn));
  for (const auto& name : migrated.applied) std::cout << "demo: applied migration " << name << "\n";

  demo::PipelineOptions pipeline;
  pipeline.county = county;
  pipeline.generator.seed = options.seed;
  pipeline.generator.households = options.households;
  pipeline.data_dir = (dir / "data" / county.code).string();
  pipeline.dsn = pg.Dsn("xmatch");
  pipeline.xmatch_binary = fs::read_symlink("/proc/self/exe").string();
  pipeline.broker_log = (dir / "broker.log").string();
  pipeline.kafka = config.kafka;
  pipeline.kafka.group_id = "xmatch-demo";
  pipeline.match = config.match;
  pipeline.stop = &g_demo_stop;
  Result<demo::PipelineResult> result = demo::RunDemoPipeline(pipeline, keyring, agreements);
  if (!result.ok()) {
    conn.reset();
    (void)pg.Stop();
    if (g_demo_stop.load()) {
      std::cout << "demo: stopped; PostgreSQL and the broker are down" << std::endl;
      return Status::Ok();
    }
    return result.status();
  }
  std::cout << "\n";
  matcher::PrintSummary(result->match, std::cout);
  XM_RETURN_IF_ERROR(demo::PrintTownshipReport(*conn, county, std::cout));
  std::cout << "\nWhat was planted, and must be found: " << pipeline.data_dir << "/planted.csv\n";

  XM_ASSIGN_OR_RETURN(auto accounts, demo::EnsureDemoUsers(*conn, county));
  PrintAccounts(accounts);
  if (options.no_serve) {
    std::cout << "\nreview pages: not served (--no-serve)\n";
  } else {
    XM_ASSIGN_OR_RETURN(std::string config_file,
                        WriteDemoConfig(dir, pipeline.dsn, key_file, result->broker->first_line(),
                                        options.port));
    Status served = Serve(pipeline.xmatch_binary, config_file, dir);
    if (!served.ok()) std::cout << "\nreview pages: not available: " << served.message() << "\n";
  }
  std::cout << "\nThe demo's data stays in " << dir.string()
            << " (xmatch demo --reset starts over)." << std::endl;
  result->broker->Stop();
  conn.reset();
  return pg.Stop();
}

}  // namespace

void RegisterDemoCommand(CLI::App& app, CliContext& ctx, int* exit_code) {
  static DemoOptions options;
  CLI::App* demo = app.add_subcommand(
      "demo", "The whole pipeline on its own PostgreSQL and Kafka with a generated county, "
              "then the review pages");
  demo->add_flag("--reset", options.reset, "Start over: remove what an earlier demo left");
  demo->add_option("--county", options.county,
                   "County to generate: 411203 (陕州区; also 411222), 640424 (泾源县), "
                   "500151 (铜梁区), 371724 (巨野县), 141121 (文水县)");
  demo->add_option("--port", options.port, "Port of the review pages (on 127.0.0.1)")
      ->check(CLI::Range(1, 65535));
  demo->add_flag("--no-serve", options.no_serve,
                 "Stop after the summary instead of serving the review pages");
  demo->add_option("--dir", options.dir, "Where the demo keeps its database, key and files");
  demo->add_option("--households", options.households, "Households of the generated county")
      ->check(CLI::Range(60, 500000));
  demo->add_option("--seed", options.seed, "Seed of the generated county");
  demo->callback([&ctx, exit_code] {
    Status s = RunDemo(options, ctx.config());
    if (!s.ok()) *exit_code = Fail(s.WithContext("demo"));
  });
}

}  // namespace xmatch::cli
