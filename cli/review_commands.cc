// `xmatch serve` (the review web application, and the nightly operation beside it:
// nightly/nightly_operation.h), `xmatch users add|disable|passwd|list` and
// `xmatch audit verify`.
#include <algorithm>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "cli/commands.h"
#include "common/agreements.h"
#include "common/logging.h"
#include "nightly/nightly_operation.h"
#include "review/api_routes.h"
#include "review/audit_log.h"
#include "review/connection_pool.h"
#include "review/http_server.h"
#include "review/it_overview.h"
#include "review/operation_warnings.h"
#include "review/review_app.h"
#include "review/user_admin.h"

namespace xmatch::cli {
namespace {

// The password from stdin: its first line, without the line break.
std::string ReadPasswordFromStdin() {
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  return password;
}

// The new password: generated and printed, or read from stdin.
Result<std::string> NewPassword(bool generate) {
  if (!generate) {
    std::cerr << "password (one line on stdin, at least " << review::kMinPasswordLength
              << " characters): " << std::flush;
    return ReadPasswordFromStdin();
  }
  XM_ASSIGN_OR_RETURN(std::string password, review::GeneratePassword());
  std::cout << "generated password: " << password << "\n";
  return password;
}

int Serve(const CliContext& ctx, int threads) {
  const Config& config = ctx.config();
  // Connect once up front so that a wrong DSN or an old schema stops start-up with a
  // clear message instead of failing every request.
  auto check = ctx.OpenDatabase();
  if (!check.ok()) return Fail(check.status());
  check->reset();

  auto agreements = AgreementRegistry::LoadDir(config.agreements_dir);
  if (!agreements.ok()) return Fail(agreements.status());
  review::SetAgreementRegistry(&*agreements);
  review::SetStaleAfterDays(config.serve.stale_after_days);
  std::optional<TokenKeyring> keyring;
  if (config.serve.connect) {
    auto loaded = ctx.LoadKeyring();
    if (!loaded.ok()) return Fail(loaded.status().WithContext("serve.connect"));
    keyring = std::move(*loaded);
  }

  review::ConnectionPool pool(config.pg_dsn, static_cast<size_t>(threads));
  review::HttpServerOptions server_options;
  server_options.listen = config.listen;
  server_options.tls_cert_file = config.tls_cert_file;
  server_options.tls_key_file = config.tls_key_file;
  server_options.threads = threads;
  // Constructed before the server, started after it is up and stopped after it:
  // SIGINT/SIGTERM end WaitForSignal, then Stop() ends the connectors and waits for a
  // match run in progress.
  nightly::NightlyOperation nightly(config, keyring ? &*keyring : nullptr, *agreements, 0);
  review::ReviewAppOptions app_options;
  app_options.https = !config.tls_cert_file.empty();
  app_options.extra_metrics = [&nightly] { return nightly.ConnectorMetrics(); };
  review::ReviewApp app(pool, app_options);
  review::AddApiRoutes(app.router());

  review::HttpServer server(server_options,
                            [&app](review::ApiRequest request) { return app.Handle(std::move(request)); });
  Status started = server.Start();
  if (!started.ok()) return Fail(started);
  std::cout << "xmatch serve: listening on " << (server.tls() ? "https" : "http") << "://"
            << config.listen.substr(0, config.listen.rfind(':')) << ":" << server.port()
            << std::endl;
  if (Status s = nightly.Start(); !s.ok()) {
    server.Stop();
    return Fail(s);
  }
  server.WaitForSignal();
  nightly.Stop();
  review::SetAgreementRegistry(nullptr);
  return 0;
}

void RegisterUsersCommands(CLI::App& app, CliContext& ctx, int* exit_code) {
  CLI::App* users = app.add_subcommand("users", "Review users: add, disable, passwd, list");
  users->require_subcommand(1);

  struct AddOptions {
    std::string username, role, display_name;
    std::vector<std::string> regions;
    bool generate = false;
  };
  auto add_options = std::make_shared<AddOptions>();
  CLI::App* add = users->add_subcommand(
      "add", "Add a user; the password is read from stdin unless --generate-password");
  add->add_option("USERNAME", add_options->username, "Login name (a-z 0-9 . _ -)")->required();
  add->add_option("--role", add_options->role,
                  "township_staff, county_reviewer, discipline_liaison, it_admin or auditor")
      ->required();
  add->add_option("--region", add_options->regions,
                  "Region code the user works on (9-digit township, 6-digit county); repeatable");
  add->add_option("--display-name", add_options->display_name, "Name shown on the pages");
  add->add_flag("--generate-password", add_options->generate,
                "Generate a password and print it instead of reading stdin");
  add->callback([&ctx, exit_code, add_options] {
    std::optional<review::Role> role = review::ParseRole(add_options->role);
    if (!role) {
      *exit_code = Fail(Status::InvalidArgument(
          "--role " + add_options->role + ": use township_staff, county_reviewer, "
          "discipline_liaison, it_admin or auditor"));
      return;
    }
    review::NewUser user{add_options->username, add_options->display_name, *role,
                         add_options->regions};
    if (Status valid = review::ValidateNewUser(user); !valid.ok()) {
      *exit_code = Fail(valid);
      return;
    }
    auto conn = ctx.OpenDatabase();
    if (!conn.ok()) { *exit_code = Fail(conn.status()); return; }
    auto password = NewPassword(add_options->generate);
    if (!password.ok()) { *exit_code = Fail(password.status()); return; }
    Status added = review::AddUser(**conn, user, *password);
    if (!added.ok()) { *exit_code = Fail(added); return; }
    std::cout << "added user " << user.username << " (" << add_options->role << ")\n";
  });

  auto name = std::make_shared<std::string>();
  CLI::App* disable = users->add_subcommand("disable", "Disable a user and end their sessions");
  disable->add_option("USERNAME", *name)->required();
  disable->callback([&ctx, exit_code, name] {
    auto conn = ctx.OpenDatabase();
    if (!conn.ok()) { *exit_code = Fail(conn.status()); return; }
    Status done = review::DisableUser(**conn, *name);
    if (!done.ok()) { *exit_code = Fail(done); return; }
    std::cout << "disabled user " << *name << "\n";
  });

  auto passwd_name = std::make_shared<std::string>();
  auto passwd_generate = std::make_shared<bool>(false);
  CLI::App* passwd = users->add_subcommand(
      "passwd", "Set a user's password (stdin, or --generate-password); ends their sessions");
  passwd->add_option("USERNAME", *passwd_name)->required();
  passwd->add_flag("--generate-password", *passwd_generate, "Generate and print a password");
  passwd->callback([&ctx, exit_code, passwd_name, passwd_generate] {
    auto conn = ctx.OpenDatabase();
    if (!conn.ok()) { *exit_code = Fail(conn.status()); return; }
    auto password = NewPassword(*passwd_generate);
    if (!password.ok()) { *exit_code = Fail(password.status()); return; }
    Status done = review::SetPassword(**conn, *passwd_name, *password);
    if (!done.ok()) { *exit_code = Fail(done); return; }
    std::cout << "password changed for " << *passwd_name << "\n";
  });

  CLI::App* list = users->add_subcommand("list", "List users (no password hashes)");
  list->callback([&ctx, exit_code] {
    auto conn = ctx.OpenDatabase();
    if (!conn.ok()) { *exit_code = Fail(conn.status()); return; }
    auto users = review::ListUsers(**conn);
    if (!users.ok()) { *exit_code = Fail(users.status()); return; }
    std::cout << "username\trole\tregions\tstatus\tfailed_logins\tlast_login\tdisplay_name\n";
    for (const review::UserSummary& u : *users) {
      std::string regions;
      for (const std::string& r : u.region_codes) regions += (regions.empty() ? "" : ",") + r;
      std::cout << u.username << "\t" << u.role << "\t" << (regions.empty() ? "-" : regions)
                << "\t" << (u.disabled ? "disabled" : "active") << "\t" << u.failed_logins
                << "\t" << (u.last_login_at.empty() ? "-" : u.last_login_at) << "\t"
                << u.display_name << "\n";
    }
  });
}

}  // namespace

void RegisterReviewCommands(CLI::App& app, CliContext& ctx, int* exit_code) {
  // Two per core: a worker waiting on PostgreSQL leaves its core to another, and more
  // only add switching. On 2 cores, 4 served 23% more queue requests/s than 8 (2,057 vs
  // 1,678) and 3 no more than 4 (bench/review_load.sh, measured while the queue's plans
  // were held generic).
  auto threads = std::make_shared<int>(
      static_cast<int>(std::max(2u, 2 * std::thread::hardware_concurrency())));
  CLI::App* serve = app.add_subcommand(
      "serve", "The review web application and its JSON API (listens on config `listen`)");
  serve->add_option("--threads", *threads, "Worker threads and database connections (default: two per core)")
      ->check(CLI::Range(1, 64));
  serve->callback([&ctx, exit_code, threads] { *exit_code = Serve(ctx, *threads); });

  RegisterUsersCommands(app, ctx, exit_code);

  CLI::App* audit = app.add_subcommand("audit", "The append-only audit log");
  audit->require_subcommand(1);
  CLI::App* verify = audit->add_subcommand(
      "verify", "Check the audit log's hash chain; names the first broken row");
  verify->callback([&ctx, exit_code] {
    auto conn = ctx.OpenDatabase();
    if (!conn.ok()) { *exit_code = Fail(conn.status()); return; }
    auto report = review::VerifyAuditChain(**conn);
    if (!report.ok()) { *exit_code = Fail(report.status()); return; }
    if (report->first_broken_id) {
      std::cout << "audit log BROKEN at row id " << *report->first_broken_id << ": "
                << report->problem << " (" << report->rows_checked
                << " rows before it are intact)\n";
      *exit_code = 1;
      return;
    }
    std::cout << "audit log intact: " << report->rows_checked << " rows checked\n";
  });
}

}  // namespace xmatch::cli
