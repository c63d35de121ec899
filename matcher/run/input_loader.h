// Reads what a match run needs from PostgreSQL, inside the caller's transaction (whose
// snapshot is the run's view of the data), with COPY ... TO STDOUT:
//
//   1. LoadRoll      the roll rows in scope, and the JoinHashTable on their person keys;
//   2. LoadRecords   every department record in scope, keeping only those whose person
//                    is on the roll (probed on the join table as they stream in);
//   3. LoadPayments  the payments of just the rows that can raise a clue: rows of a
//                    person with a department record, and rows whose person is on two
//                    or more rows (duplicate_enrollment). Their member_ids go to a
//                    temporary table by COPY, and the payments come back through one
//                    join: a semi-join, never the whole payments table.
//
// Scope: everything, or the people listed in the temporary table match_persons(id_token)
// (an incremental run, see change_scope.h).
//
// Errors: store::StatusFromPqxx for database failures; Internal naming the table and the
// row's member_id or (source, record_id) for a value the matcher cannot read (never an
// ID number).
#pragma once

#include <cstdint>
#include <iosfwd>

#include <pqxx/pqxx>

#include "common/result.h"
#include "matcher/dept_records.h"
#include "matcher/join_hash_table.h"
#include "matcher/roll_table.h"

namespace xmatch::matcher {

enum class InputScope {
  kEverything,
  kAffectedPeople,  // the people in temporary table match_persons
};

struct LoadedRoll {
  RollTableBuilder builder;  // the rows, no payments yet
  JoinHashTable index;       // on builder.key64s()
};

// `progress` (may be null) gets a progress line when a step takes over a second.
Result<LoadedRoll> LoadRoll(pqxx::transaction_base& tx, InputScope scope, std::ostream* progress);

// `records_read` (may be null) receives how many records were streamed in all.
Result<DeptRecordTable> LoadRecords(pqxx::transaction_base& tx, InputScope scope, const JoinHashTable& index,
                                    std::ostream* progress, uint64_t* records_read);

// Adds the payments of the rows that can raise a clue to `builder` (whose join table is
// `index`) and builds the roll. `payments_read` (may be null) receives how many
// payments came back.
Result<RollTable> LoadPayments(pqxx::transaction_base& tx, RollTableBuilder builder,
                               const JoinHashTable& index, const DeptRecordTable& records,
                               std::ostream* progress, uint64_t* payments_read);

}  // namespace xmatch::matcher
