#include "review/audit_log.h"

#include <string>

#include "common/hex.h"
#include "store/connection.h"

namespace xmatch::review {
namespace {

// Serializes appends so that two transactions never chain onto the same previous row.
constexpr long long kAuditAdvisoryLock = 0x786d617564697431LL;  // "xmaudit1"
const std::string kGenesisHash(64, '0');
constexpr int kVerifyBatch = 5000;

// The canonical encoding the row hash covers: a JSON array of the fields in a fixed
// order, NULLs as "", `details` re-serialized by nlohmann (sorted keys) from the text
// PostgreSQL gives back for the jsonb, so append and verify see the same bytes.
std::string RowHash(const std::string& prev_hash, long long at_micros, const std::string& actor,
                    const std::string& actor_role, const std::string& action,
                    const std::string& object_type, const std::string& object_id,
                    const std::string& region_code, const std::string& details_jsonb_text) {
  nlohmann::json canonical = nlohmann::json::array(
      {prev_hash, at_micros, actor, actor_role, action, object_type, object_id, region_code,
       nlohmann::json::parse(details_jsonb_text)});
  return Sha256Hex(canonical.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

// NULL for an empty string, so optional columns stay NULL rather than ''.
const std::string* NullIfEmpty(const std::string& s) { return s.empty() ? nullptr : &s; }

}  // namespace

Status AppendAudit(pqxx::work& tx, const AuditEntry& entry) {
  if (entry.actor.empty() || entry.action.empty()) {
    return Status::InvalidArgument("an audit entry needs an actor and an action");
  }
  try {
    tx.exec_params("SELECT pg_advisory_xact_lock($1)", kAuditAdvisoryLock);
    const std::string details =
        entry.details.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    pqxx::row head = tx.exec_params1(
        "SELECT $1::jsonb::text, (extract(epoch FROM now()) * 1000000)::bigint, "
        "COALESCE((SELECT row_hash FROM audit_log ORDER BY id DESC LIMIT 1), $2)",
        details, kGenesisHash);
    const std::string normalized_details = head[0].as<std::string>();
    const long long at = head[1].as<long long>();
    const std::string prev_hash = head[2].as<std::string>();
    const std::string row_hash =
        RowHash(prev_hash, at, entry.actor, entry.actor_role, entry.action, entry.object_type,
                entry.object_id, entry.region_code, normalized_details);
    tx.exec_params(
        "INSERT INTO audit_log (at, actor, actor_role, action, object_type, object_id, "
        "region_code, details, prev_hash, row_hash) VALUES ("
        "'epoch'::timestamptz + $1 * interval '1 microsecond', $2, $3, $4, $5, $6, $7, "
        "$8::jsonb, $9, $10)",
        at, entry.actor, NullIfEmpty(entry.actor_role), entry.action,
        NullIfEmpty(entry.object_type), NullIfEmpty(entry.object_id),
        NullIfEmpty(entry.region_code), normalized_details, prev_hash, row_hash);
  } catch (const std::exception& e) {
    return store::StatusFromPqxx(e, "writing the audit log");
  }
  return Status::Ok();
}

Status AppendAuditAlone(pqxx::connection& conn, const AuditEntry& entry) {
  try {
    pqxx::work tx(conn);
    XM_RETURN_IF_ERROR(AppendAudit(tx, entry));
    tx.commit();
  } catch (const std::exception& e) {
    return store::StatusFromPqxx(e, "writing the audit log");
  }
  return Status::Ok();
}

Result<AuditVerifyReport> VerifyAuditChain(pqxx::connection& conn) {
  AuditVerifyReport report;
  std::string expected_prev = kGenesisHash;
  long long after_id = 0;
  try {
    // One snapshot for the whole walk: rows appended meanwhile are simply not seen.
    pqxx::transaction<pqxx::isolation_level::repeatable_read, pqxx::readwrite_policy::read_only> tx(
        conn);
    while (true) {
      pqxx::result rows = tx.exec_params(
          "SELECT id, (extract(epoch FROM at) * 1000000)::bigint, actor, "
          "COALESCE(actor_role, ''), action, COALESCE(object_type, ''), "
          "COALESCE(object_id, ''), COALESCE(region_code, ''), details::text, prev_hash, "
          "row_hash FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2",
          after_id, kVerifyBatch);
      if (rows.empty()) break;
      for (const pqxx::row& row : rows) {
        const long long id = row[0].as<long long>();
        after_id = id;
        const std::string prev_hash = row[9].as<std::string>();
        const std::string row_hash = row[10].as<std::string>();
        if (prev_hash != expected_prev) {
          report.first_broken_id = id;
          report.problem = "prev_hash does not match the row before it: a row before it was "
                           "removed or changed";
          return report;
        }
        const std::string recomputed =
            RowHash(prev_hash, row[1].as<long long>(), row[2].as<std::string>(),
                    row[3].as<std::string>(), row[4].as<std::string>(), row[5].as<std::string>(),
                    row[6].as<std::string>(), row[7].as<std::string>(), row[8].as<std::string>());
        if (recomputed != row_hash) {
          report.first_broken_id = id;
          report.problem = "its contents do not match its row_hash: the row was changed";
          return report;
        }
        expected_prev = row_hash;
        ++report.rows_checked;
      }
    }
  } catch (const std::exception& e) {
    return store::StatusFromPqxx(e, "verifying the audit log");
  }
  return report;
}

}  // namespace xmatch::review
