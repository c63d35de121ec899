// Writes a run's clues into `clues` and `clue_events`, inside the caller's transaction
// (which also marks the run succeeded, so a crash leaves nothing half-written).
//
// The rows go by COPY into a temporary staging table, then set-based statements keyed
// by clue_key apply them. For each clue the run raised:
//   - new key                    inserted, status 'new'; event 'created'.
//   - same evidence_hash         last_run_id moves; nothing else (the status, whatever a
//                                reviewer made it, stays). If it had been marked
//                                evidence_gone, that is cleared: event 'evidence_restored'.
//   - different evidence_hash    evidence, months and amount are replaced. A dismissed
//                                clue reopens (status 'new'): event 'reopened'; any other
//                                status stays: event 'evidence_changed'. The event's
//                                details say what changed (months, amount, records
//                                added and removed).
// Household, region and program follow the roll row in every case. An incremental run
// also moves last_run_id of every clue still holding evidence: what it did not re-examine
// holds as of this run, as a full run would have found.
//
// Evidence gone: a clue in the run's scope that the run did not raise is not deleted; it
// is marked evidence_gone (event 'evidence_gone'), its status untouched. The scope of a
// full run is every clue of its shard; of an incremental run, the clues of its shard
// whose roll rows are in the temporary table match_members (the re-examined people's
// rows and the rows removed since the previous run) — the only clues such a run can
// speak for. A clue's shard is that of its token_key (Shard::OwnsClueSql); a sharded run
// never touches another shard's clues.
//
// Purged is not withdrawn: a clue whose evidence cites a record the retention purge
// deleted (purged_records, nightly/retention_purge.h) is left exactly as it is — neither
// marked evidence_gone nor given new evidence (which would reopen a dismissed clue). Its
// evidence jsonb still holds what it was raised on. A record deleted any other way (the
// department withdrew it) still makes its clues evidence_gone.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include <pqxx/pqxx>

#include "common/money.h"
#include "common/result.h"
#include "matcher/clue.h"
#include "matcher/run/clue_row.h"
#include "matcher/run/input_loader.h"
#include "matcher/run/shard.h"

namespace xmatch::matcher {

// What a run did to one rule's clues.
struct RuleOutcome {
  uint64_t raised = 0;     // clues the run raised
  Money raised_amount;     // their overpaid amounts, summed
  uint64_t created = 0;
  uint64_t unchanged = 0;  // same evidence as before (restored ones included)
  uint64_t restored = 0;   // had been marked evidence_gone, raised again unchanged
  uint64_t changed = 0;    // evidence changed (reopened ones included)
  uint64_t reopened = 0;   // were dismissed, evidence changed
  uint64_t gone = 0;       // newly marked evidence_gone
};
using RuleOutcomes = std::array<RuleOutcome, 4>;  // indexed by Rule

// `rows` must have distinct clue keys, all of `shard`. Errors: store::StatusFromPqxx.
Result<RuleOutcomes> WriteClues(pqxx::transaction_base& tx, const std::vector<ClueRow>& rows, int64_t run_id,
                                InputScope scope, const Shard& shard);

}  // namespace xmatch::matcher
