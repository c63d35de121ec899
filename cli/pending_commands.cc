// The subcommands of CONTRACT §4 that this build does not have yet. Each entry leaves
// this list when its module lands.
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.h"

namespace xmatch::cli {

void RegisterPendingCommands(CLI::App& app, int* exit_code) {
  struct Pending {
    const char* name;
    const char* what;
  };
  static const std::vector<Pending> kPending = {
  };
  for (const Pending& p : kPending) {
    CLI::App* sub = app.add_subcommand(p.name, std::string(p.what) + " (not available yet)");
    sub->allow_extras();
    sub->callback([name = std::string(p.name), exit_code] {
      std::cerr << "xmatch " << name << ": not available yet in this version of xmatch\n";
      *exit_code = 2;
    });
  }
}

}  // namespace xmatch::cli
