// xmatch: cross-matches social-assistance rolls against other departments' records.
// One binary; each subcommand lives in its module, this file only wires the command line.
#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/cli_context.h"
#include "cli/commands.h"

int main(int argc, char** argv) {
  xmatch::cli::CliContext ctx;
  int exit_code = 0;

  CLI::App app{"xmatch: finds social-assistance payments to people who died, are in custody, "
               "draw a pension above the line, or are enrolled twice"};
  app.set_help_all_flag("--help-all", "Print help for every subcommand");
  app.require_subcommand(1);
  app.option_defaults()->always_capture_default();
  app.add_option("--config", ctx.flags.config_file, "YAML configuration file")
      ->check(CLI::ExistingFile);
  app.add_option("--pg", ctx.flags.pg_dsn, "PostgreSQL connection (libpq DSN); overrides XMATCH_PG");
  app.add_option("--brokers", ctx.flags.brokers,
                 "Kafka bootstrap servers; overrides XMATCH_KAFKA_BROKERS");
  app.add_option("--log-format", ctx.log_format, "Log lines as `text` or `json`")
      ->check(CLI::IsMember({"text", "json"}));
  // Configuration and logging are set up before any subcommand callback runs.
  app.parse_complete_callback([&] {
    xmatch::Status s = ctx.Init();
    if (!s.ok()) {
      std::cerr << "xmatch: " << s.message() << "\n";
      std::exit(2);
    }
  });

  xmatch::cli::RegisterDbCommands(app, ctx, &exit_code);
  xmatch::cli::RegisterImportCommands(app, ctx, &exit_code);
  xmatch::cli::RegisterDemoCommand(app, ctx, &exit_code);
  xmatch::cli::RegisterConnectorCommands(app, ctx, &exit_code);
  xmatch::cli::RegisterMatchCommand(app, ctx, &exit_code);
  xmatch::cli::RegisterReviewCommands(app, ctx, &exit_code);

  CLI11_PARSE(app, argc, argv);
  return exit_code;
}
