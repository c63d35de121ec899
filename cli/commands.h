// Each subcommand family registers itself on the CLI11 app. A command's callback stores
// its exit status in `*exit_code`; main() returns it.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/cli_context.h"

namespace xmatch::cli {

void RegisterDbCommands(CLI::App& app, CliContext& ctx, int* exit_code);
void RegisterImportCommands(CLI::App& app, CliContext& ctx, int* exit_code);
void RegisterDemoCommand(CLI::App& app, CliContext& ctx, int* exit_code);
// connect, feed import, offsets list|set, dev-kafka (cli/connector_commands.cc).
void RegisterConnectorCommands(CLI::App& app, CliContext& ctx, int* exit_code);
void RegisterMatchCommand(CLI::App& app, CliContext& ctx, int* exit_code);
// serve, users add|disable|passwd|list, audit verify (cli/review_commands.cc).
void RegisterReviewCommands(CLI::App& app, CliContext& ctx, int* exit_code);
// Commands of CONTRACT §4 not built yet: they say so and exit non-zero.

}  // namespace xmatch::cli
