#include "cli/commands.h"
namespace xmatch::cli {
void RegisterImportCommands(CLI::App&, CliContext&, int*) {}
}  // namespace xmatch::cli
