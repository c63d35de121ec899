// CliContext: what every subcommand needs from the command line and the environment —
// the global flags, the loaded configuration, and helpers to open the database and the
// token keyring with errors a user can act on. Owned by main(); subcommands borrow it.
#pragma once

#include <memory>
#include <string>

#include <pqxx/pqxx>

#include "common/config.h"
#include "common/result.h"
#include "common/token.h"

namespace xmatch::cli {

class CliContext {
 public:
  ConfigFlags flags;
  std::string log_format;  // --log-format overrides the config file's

  // Loads the configuration and sets up logging. Call once, after parsing.
  Status Init();
  const Config& config() const { return config_; }

  // Connects to XMATCH_PG/--pg and checks the schema is at this binary's version.
  // `require_schema` false is for `db migrate` itself.
  Result<std::unique_ptr<pqxx::connection>> OpenDatabase(bool require_schema = true) const;
  // The token keys named by token_keys / XMATCH_TOKEN_KEYS; an error when none are set.
  Result<TokenKeyring> LoadKeyring() const;

 private:
  Config config_;
};

// Prints "xmatch: <message>" to stderr and returns the exit status for a failed command.
int Fail(const Status& status);

}  // namespace xmatch::cli
