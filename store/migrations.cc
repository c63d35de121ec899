#include "store/migrations.h"

#include <fmt/format.h>

#include "store/connection.h"

namespace xmatch::store {
namespace {

// pg_advisory_xact_lock key held by every migrating transaction ("xmig" in ASCII).
constexpr long long kMigrationLockKey = 0x786d6967;

constexpr char kCreateMigrationsTable[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "  version    integer PRIMARY KEY,"
    "  name       text NOT NULL,"
    "  applied_at timestamptz NOT NULL DEFAULT now())";

std::string MigrationId(const Migration& m) { return fmt::format("{:04d}_{}", m.version, m.name); }

Status AheadOfBinary(int version) {
  return Status::FailedPrecondition(
      fmt::format("database schema is at version {} but this xmatch knows only up to {}: "
                  "upgrade xmatch",
                  version, LatestSchemaVersion()));
}

int AppliedVersion(pqxx::transaction_base& tx) {
  return tx.exec1("SELECT coalesce(max(version), 0) FROM schema_migrations")[0].as<int>();
}

}  // namespace

int LatestSchemaVersion() {
  const std::vector<Migration>& all = BuiltInMigrations();
  return all.empty() ? 0 : all.back().version;
}

Result<MigrateReport> Migrate(pqxx::connection& conn) {
  MigrateReport report;
  try {
    {
      pqxx::work tx(conn);
      tx.exec1(fmt::format("SELECT pg_advisory_xact_lock({})", kMigrationLockKey));
      tx.exec0(kCreateMigrationsTable);
      report.from_version = AppliedVersion(tx);
      tx.commit();
    }
    if (report.from_version > LatestSchemaVersion()) return AheadOfBinary(report.from_version);
    report.to_version = report.from_version;

    for (const Migration& m : BuiltInMigrations()) {
      if (m.version <= report.from_version) continue;
      std::string id = MigrationId(m);
      try {
        pqxx::work tx(conn);
        tx.exec1(fmt::format("SELECT pg_advisory_xact_lock({})", kMigrationLockKey));
        // Another migrator may have applied it while we waited for the lock.
        int applied = AppliedVersion(tx);
        if (applied > LatestSchemaVersion()) return AheadOfBinary(applied);
        if (applied >= m.version) {
          report.to_version = applied;
          continue;
        }
        tx.exec(m.sql);
        tx.exec_params0("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                        m.version, m.name);
        tx.commit();
      } catch (const std::exception& e) {
        return StatusFromPqxx(e, fmt::format("applying migration {} (schemas/sql/{}.sql; "
                                             "nothing of it was applied)",
                                             id, id));
      }
      report.applied.push_back(id);
      report.to_version = m.version;
    }
  } catch (const std::exception& e) {
    return StatusFromPqxx(e, "reading schema_migrations");
  }
  return report;
}

Result<int> CurrentSchemaVersion(pqxx::connection& conn) {
  try {
    pqxx::read_transaction tx(conn);
    if (tx.exec1("SELECT to_regclass('schema_migrations') IS NULL")[0].as<bool>()) return 0;
    return AppliedVersion(tx);
  } catch (const std::exception& e) {
    return StatusFromPqxx(e, "reading the schema version from schema_migrations");
  }
}

Status CheckSchemaVersion(pqxx::connection& conn) {
  XM_ASSIGN_OR_RETURN(int version, CurrentSchemaVersion(conn));
  if (version > LatestSchemaVersion()) return AheadOfBinary(version);
  if (version < LatestSchemaVersion()) {
    return Status::FailedPrecondition(
        fmt::format("database schema is at version {} but this xmatch needs version {}: run "
                    "`xmatch db migrate`",
                    version, LatestSchemaVersion()));
  }
  return Status::Ok();
}

}  // namespace xmatch::store
