#include "cli/cli_context.h"

#include <iostream>

#include "common/logging.h"
#include "store/connection.h"
#include "store/migrations.h"

namespace xmatch::cli {

Status CliContext::Init() {
  XM_ASSIGN_OR_RETURN(config_, LoadConfig(flags));
  if (!log_format.empty()) config_.log_format = log_format;
  return InitLogging(config_.log_format, config_.log_level);
}

Result<std::unique_ptr<pqxx::connection>> CliContext::OpenDatabase(bool require_schema) const {
  if (config_.pg_dsn.empty()) {
    return Status::FailedPrecondition(
        "no database configured: set XMATCH_PG (a libpq DSN such as "
        "\"host=127.0.0.1 dbname=xmatch\"), `pg:` in the config file, or --pg");
  }
  XM_ASSIGN_OR_RETURN(auto conn, store::Connect(config_.pg_dsn));
  if (require_schema) XM_RETURN_IF_ERROR(store::CheckSchemaVersion(*conn));
  return conn;
}

Result<TokenKeyring> CliContext::LoadKeyring() const {
  if (config_.token_key_files.empty()) {
    return Status::FailedPrecondition(
        "no token keys configured: set `token_keys` in the config file or "
        "XMATCH_TOKEN_KEYS=1=/path/to/key1 (a file holding at least 32 bytes as hex)");
  }
  return TokenKeyring::Load(config_.token_key_files);
}

int Fail(const Status& status) {
  std::cerr << "xmatch: " << status.message() << "\n";
  return 1;
}

}  // namespace xmatch::cli
