// The retention purge: department records older than their agreement's retention_days
// (CONTRACT §1.4) are deleted, counted in the audit log.
//
// "Older" is by received_at, the time xmatch started holding the record. Per agreement,
// records are deleted in batches of `batch_size`, each batch in one transaction that also
// notes the records in purged_records (0008: source and record_id, so that the matcher
// keeps the clues resting on them, see matcher/run/clue_writer.h) and appends one audit
// row (actor `xmatch`, action `records_purged`, object the agreement; details: source,
// records, retention_days, cutoff). A crash between batches leaves the batches done so
// far purged and audited, and the next purge continues. Records naming an agreement the
// registry does not hold are kept (their retention is unknown) and reported.
//
// Errors: Unavailable/Internal from the database (store::StatusFromPqxx); batches
// committed before the error stay committed and are in the report's counts.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include <pqxx/pqxx>

#include "common/agreements.h"
#include "common/result.h"
#include "nightly/schedule.h"

namespace xmatch::nightly {

struct PurgeReport {
  std::map<std::string, int64_t> purged_by_agreement;  // agreement id -> records deleted
  std::map<std::string, int64_t> unknown_agreement;    // agreement id -> records kept
  int64_t total() const;
};

// Purges what is past retention at `now`. `conn` must have no transaction open.
Result<PurgeReport> PurgeExpiredRecords(pqxx::connection& conn,
                                        const AgreementRegistry& agreements, TimePoint now,
                                        int batch_size);

}  // namespace xmatch::nightly
