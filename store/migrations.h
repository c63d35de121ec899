// Schema migrations: the numbered plain-SQL files under schemas/sql/, compiled into the
// binary at build time, applied in order inside one transaction each, and recorded in
// schema_migrations(version, name, applied_at).
//
// Migrate() is idempotent: a second run applies nothing. A database whose newest
// applied version is above the binary's newest is refused: an older binary must not
// write into a newer schema. Concurrent migrators are serialized by an advisory lock.
#pragma once

#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "common/result.h"

namespace xmatch::store {

struct Migration {
  int version;       // from the file name: 0001_init.sql -> 1
  std::string name;  // "init"
  std::string sql;
};

// The migrations built into this binary, in version order.
const std::vector<Migration>& BuiltInMigrations();
int LatestSchemaVersion();

struct MigrateReport {
  int from_version = 0;
  int to_version = 0;
  std::vector<std::string> applied;  // "0001_init", ...
};

Result<MigrateReport> Migrate(pqxx::connection& conn);

// The newest applied version (0 for an empty database).
Result<int> CurrentSchemaVersion(pqxx::connection& conn);

// OK when the database is exactly at LatestSchemaVersion(); otherwise FailedPrecondition
// telling the user to run `xmatch db migrate` (behind) or upgrade xmatch (ahead).
Status CheckSchemaVersion(pqxx::connection& conn);

}  // namespace xmatch::store
