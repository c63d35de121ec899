// AuditLog: appends to the append-only, hash-chained audit_log table (schemas/sql/0001)
// and checks the chain (`xmatch audit verify`).
//
// Each row's row_hash = hex SHA-256 of (prev_hash, at, actor, actor_role, action,
// object_type, object_id, region_code, details) in a fixed canonical encoding, and
// prev_hash is the row_hash of the row before it ("" hashed as 64 zeros for the first).
// Appends are serialized with a transaction-level advisory lock so the chain has no
// forks. The database refuses UPDATE/DELETE/TRUNCATE on the table (trigger), so a
// tampered chain means someone went around the application.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "common/result.h"
#include "common/status.h"

namespace xmatch::review {

struct AuditEntry {
  std::string actor;        // username, or "anonymous" for a failed login of an unknown name
  std::string actor_role;   // RoleName(), empty when unknown
  std::string action;       // login, login_failed, logout, clue_viewed, id_revealed,
                            // clue_action, ledger_exported, report_viewed, access_denied, ...
  std::string object_type;  // "clue", "user", "ledger", ... or empty
  std::string object_id;
  std::string region_code;  // the region the object belongs to, or empty
  nlohmann::json details = nlohmann::json::object();  // never an ID number
};

// Appends `entry` inside `tx` (it commits or rolls back with the caller's change).
Status AppendAudit(pqxx::work& tx, const AuditEntry& entry);

// Appends `entry` in a transaction of its own, for events with no other change to commit
// with (logins, refusals).
Status AppendAuditAlone(pqxx::connection& conn, const AuditEntry& entry);

struct AuditVerifyReport {
  int64_t rows_checked = 0;
  std::optional<int64_t> first_broken_id;  // nullopt: the chain is intact
  std::string problem;                     // what is wrong with that row
};

// Recomputes the chain from the first row.
Result<AuditVerifyReport> VerifyAuditChain(pqxx::connection& conn);

}  // namespace xmatch::review
