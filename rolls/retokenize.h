// RetokenizeRoll: `xmatch roll retokenize`, the step of a token key rotation that keeps
// matching going while two key versions are loaded (docs/runbook.md, "Rotate token keys").
//
// In one transaction, all or nothing:
//  1. every roll row's id_token is recomputed from its id_number under the keyring's
//     current (highest) version; only rows whose token or version differ are updated;
//  2. token_aliases (schemas/sql/0009_token_rotation.sql) gets, for every person on the
//     roll and every other loaded version, the person's token under that version mapped
//     to the roll's token; aliases of versions no longer loaded are deleted (the old key
//     is retired);
//  3. stored department records that carry such an older token are re-keyed to the
//     roll's token and version (their ID numbers were never stored; the roll's are).
// Afterwards every record of a person on the roll carries the roll's token, so the match
// raises exactly the clues it raised before the rotation. Records of people not on the
// roll keep their old token until retention purges them.
//
// Takes roll_members' import lock (imports wait for it; the matcher and the review pages
// do not). Running it again changes nothing. Progress goes to `progress_out` (nullptr:
// none). Never puts an ID number, a token or a key in a message.
#pragma once

#include <cstdint>
#include <map>
#include <ostream>

#include <pqxx/pqxx>

#include "common/result.h"
#include "common/token.h"

namespace xmatch::rolls {

struct RetokenizeReport {
  int current_version = 0;           // the version the roll is tokenized with now
  int64_t roll_rows = 0;             // rows read
  int64_t roll_rows_retokenized = 0; // rows whose token changed
  std::map<int, int64_t> aliases;    // per older loaded version: people with an alias
  int64_t aliases_retired = 0;       // alias rows of versions no longer loaded, deleted
  int64_t records_rekeyed = 0;       // department records moved to the roll's token
  std::map<int, int64_t> records_by_version;  // department records per key_version after
};

// Steps 1-3 above inside `tx`, which must hold roll_members' import lock
// (LockTableForImport). FailedPrecondition when the roll holds a key version that is
// higher than the keyring's current one (the newest key is missing from this keyring).
Result<RetokenizeReport> RetokenizeInTransaction(pqxx::work& tx, const TokenKeyring& keyring,
                                                 std::ostream* progress_out);

// The command: opens the transaction, takes the lock, runs the steps, commits.
// FailedPrecondition on an empty keyring; Unavailable/Internal for database errors.
// `conn` must not have a transaction open.
Result<RetokenizeReport> RetokenizeRoll(pqxx::connection& conn, const TokenKeyring& keyring,
                                        std::ostream* progress_out);

// Checks, before a roll import, that the stored roll can be brought under the keyring's
// current version without losing a department record: every key version the stored roll
// holds must be loaded and not newer than the current one. The message says which
// version to load.
Status CheckRollKeyVersions(pqxx::work& tx, const TokenKeyring& keyring);

}  // namespace xmatch::rolls
