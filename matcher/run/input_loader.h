// Reads what a match run needs from PostgreSQL, in the run's snapshot, with binary
// COPY ... TO STDOUT of just the columns the rules and the evidence need (copy_binary.h):
//
//   0. SelectCandidates (a full run) the people who can raise a clue: on the roll and
//                    with a department record that may be evidence — any kind but a
//                    pension payment, or pension payments of one month totalling more
//                    than the lowest pension threshold — or on two or more roll rows.
//                    Found from keys alone (0006_token_key.sql: index-only scans of
//                    8-byte keys in key order, merged), so the wide rows of the ~98% of
//                    roll people and department records that cannot matter are never
//                    sent. Conservative: a candidate may raise nothing, but no one left
//                    out could raise a clue (CONTRACT §2);
//   1. LoadRoll      the roll rows in scope, and the JoinHashTable on their person keys;
//   2. LoadRecords   every department record in scope, keeping only those whose person
//                    is on the roll (probed on the join table as they stream in);
//   3. LoadPayments  the payments of just the rows that can raise a clue: rows of a
//                    person with a department record, and rows whose person is on two
//                    or more rows (duplicate_enrollment). Their member_ids go to a
//                    temporary table by COPY, and the payments come back through one
//                    join: a semi-join, never the whole payments table.
//
// Scope: everyone (in a key range: a shard), or the people listed in the temporary table
// match_persons(id_token) (an incremental run, see change_scope.h). Everyone means the
// candidates SelectCandidates left in each reader's temporary table match_keys: no one
// else can raise a clue, so a full run's clues are the same as if it read every row.
//
// Readers: the transactions that see the run's snapshot (SnapshotReaders::readers(); the
// run's own first). With several, a full run splits the key range into equal parts
// (TokenKeyRange::Part), one per reader, reads them at once, one thread each, and joins
// them in part order, so the result does not depend on the number of readers. The
// payments are split by roll row. An incremental scope needs the run's own session (its
// temporary table): pass one reader.
//
// Errors: store::StatusFromPqxx for database failures; Internal naming the table and the
// row's member_id or (source, record_id) for a value the matcher cannot read (never an
// ID number).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <vector>

#include <pqxx/pqxx>

#include "common/money.h"
#include "common/result.h"
#include "matcher/dept_records.h"
#include "matcher/join_hash_table.h"
#include "matcher/roll_table.h"
#include "matcher/run/shard.h"

namespace xmatch::matcher {

enum class InputScope {
  kEverything,      // every person of the run's key range (the candidates in match_keys)
  kAffectedPeople,  // the people in temporary table match_persons
};

struct LoadedRoll {
  RollTableBuilder builder;  // the rows, no payments yet
  JoinHashTable index;       // on builder.key64s()
};

// `progress` (may be null) gets a progress line when a step takes over a second.
using Readers = std::vector<pqxx::transaction_base*>;

struct Candidates {
  uint64_t roll_rows = 0;  // roll rows in the range
  uint64_t records = 0;    // keys of department records read: evidence, and months of
                           // pension over the lowest threshold
  uint64_t people = 0;     // people chosen (keys in match_keys, all readers)
};

// Fills each reader's temporary table match_keys(token_key), dropped at its commit, with
// the candidates of its part of `range`. Must precede the loads of InputScope::kEverything
// on the same readers.
// `lowest_pension_threshold`: the least of the pension thresholds (RuleSettings).
Result<Candidates> SelectCandidates(const Readers& readers, const TokenKeyRange& range,
                                    Money lowest_pension_threshold, std::ostream* progress);

Result<LoadedRoll> LoadRoll(const Readers& readers, InputScope scope, std::ostream* progress);

// `records_read` (may be null) receives how many records were streamed in all.
Result<DeptRecordTable> LoadRecords(const Readers& readers, InputScope scope, const JoinHashTable& index,
                                    std::ostream* progress, uint64_t* records_read);

// Adds the payments of the rows that can raise a clue to `builder` (whose join table is
// `index`) and builds the roll. `payments_read` (may be null) receives how many
// payments came back.
Result<RollTable> LoadPayments(const Readers& readers, RollTableBuilder builder,
                               const JoinHashTable& index, const DeptRecordTable& records,
                               std::ostream* progress, uint64_t* payments_read);

}  // namespace xmatch::matcher
