#include "nightly/retention_purge.h"

#include <chrono>

#include "review/audit_log.h"
#include "review/clock.h"
#include "store/connection.h"

namespace xmatch::nightly {
namespace {

// One batch: the oldest expired records of one agreement (the (source, received_at)
// index finds them), deleted and noted in purged_records. $1 source, $2 agreement,
// $3 cutoff (microseconds since the epoch), $4 batch size.
constexpr const char* kPurgeBatch = R"sql(
WITH doomed AS (
  SELECT source, record_id FROM dept_records
  WHERE source = $1 AND agreement_id = $2
    AND received_at < 'epoch'::timestamptz + $3 * interval '1 microsecond'
  ORDER BY received_at
  LIMIT $4
  FOR UPDATE),
gone AS (
  DELETE FROM dept_records d USING doomed
  WHERE d.source = doomed.source AND d.record_id = doomed.record_id
  RETURNING d.source, d.record_id, d.agreement_id, d.received_at),
noted AS (
  INSERT INTO purged_records (source, record_id, agreement_id, received_at)
  SELECT source, record_id, agreement_id, received_at FROM gone
  ON CONFLICT (source, record_id) DO UPDATE
    SET agreement_id = EXCLUDED.agreement_id, received_at = EXCLUDED.received_at,
        purged_at = now())
SELECT count(*) FROM gone
)sql";

Result<int64_t> PurgeBatch(pqxx::connection& conn, const Agreement& agreement,
                           long long cutoff_micros, const std::string& cutoff_text,
                           int batch_size) {
  try {
    pqxx::work tx(conn);
    const int64_t purged =
        tx.exec_params1(kPurgeBatch, agreement.provider, agreement.id, cutoff_micros, batch_size)[0]
            .as<int64_t>();
    if (purged == 0) return int64_t{0};  // nothing to commit
    review::AuditEntry entry;
    entry.actor = "xmatch";
    entry.action = "records_purged";
    entry.object_type = "agreement";
    entry.object_id = agreement.id;
    entry.details = {{"source", agreement.provider},
                     {"records", purged},
                     {"retention_days", agreement.retention_days},
                     {"received_before", cutoff_text}};
    XM_RETURN_IF_ERROR(review::AppendAudit(tx, entry));
    tx.commit();
    return purged;
  } catch (const std::exception& e) {
    return store::StatusFromPqxx(e, "purging records of agreement " + agreement.id);
  }
}

}  // namespace

int64_t PurgeReport::total() const {
  int64_t sum = 0;
  for (const auto& [id, n] : purged_by_agreement) sum += n;
  return sum;
}

Result<PurgeReport> PurgeExpiredRecords(pqxx::connection& conn,
                                        const AgreementRegistry& agreements, TimePoint now,
                                        int batch_size) {
  PurgeReport report;
  for (const auto& [id, agreement] : agreements.all()) {
    const TimePoint cutoff = now - std::chrono::hours(24) * agreement.retention_days;
    const long long cutoff_micros = review::EpochMicros(cutoff);
    const std::string cutoff_text = LocalTimeText(cutoff);
    for (;;) {
      Result<int64_t> purged = PurgeBatch(conn, agreement, cutoff_micros, cutoff_text, batch_size);
      if (!purged.ok()) return purged.status();
      if (*purged == 0) break;
      report.purged_by_agreement[id] += *purged;
      if (*purged < batch_size) break;
    }
  }
  try {
    pqxx::read_transaction tx(conn);
    for (const pqxx::row& r :
         tx.exec("SELECT agreement_id, count(*) FROM dept_records GROUP BY 1")) {
      if (agreements.Find(r[0].c_str()) == nullptr) {
        report.unknown_agreement[r[0].c_str()] = r[1].as<int64_t>();
      }
    }
  } catch (const std::exception& e) {
    return store::StatusFromPqxx(e, "counting records of unknown agreements");
  }
  return report;
}

}  // namespace xmatch::nightly
