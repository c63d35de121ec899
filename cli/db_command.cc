// `xmatch db migrate`: brings the schema up to date.
#include <iostream>

#include "cli/commands.h"
#include "store/migrations.h"

namespace xmatch::cli {

void RegisterDbCommands(CLI::App& app, CliContext& ctx, int* exit_code) {
  CLI::App* db = app.add_subcommand("db", "Database administration");
  db->require_subcommand(1);
  CLI::App* migrate = db->add_subcommand(
      "migrate", "Bring the schema up to date (running it again is a no-op)");
  migrate->callback([&ctx, exit_code] {
    auto conn = ctx.OpenDatabase(/*require_schema=*/false);
    if (!conn.ok()) { *exit_code = Fail(conn.status()); return; }
    auto report = store::Migrate(**conn);
    if (!report.ok()) { *exit_code = Fail(report.status()); return; }
    if (report->applied.empty()) {
      std::cout << "schema is up to date (version " << report->to_version << ")\n";
      return;
    }
    for (const auto& name : report->applied) std::cout << "applied " << name << "\n";
    std::cout << "schema version " << report->from_version << " -> " << report->to_version << "\n";
  });
}

}  // namespace xmatch::cli
