#include "cli/commands.h"
namespace xmatch::cli {
void RegisterDemoCommand(CLI::App&, CliContext&, int*) {}
}  // namespace xmatch::cli
