// Which people an incremental run must look at again, so that it writes exactly what a
// full recompute would.
//
// A person's clues are a function of their roll rows, those rows' payments, their
// department records and the run date R. Since the previous successful run (its
// snapshot_xmin X and run date R0), a person's clues can differ only if
//   - a roll row, payment or department record of theirs has change_xid >= X (inserted
//     or changed since: no transaction below X could still commit after that run's
//     snapshot, see 0001_init.sql);
//   - one was deleted, or moved to another person, since: match_changes (0002) keeps the
//     token or member_id with the deleting transaction's xid;
//   - the passage from R0 to R flips a time-dependent clause of CONTRACT §2. There are
//     exactly two: deceased's "active and R more than 90 days after D" flips only if
//     D lies in [min(R0,R) - 90, max(R0,R) - 90), so we take every person with death
//     evidence dated in that window (D is one of their death dates); and imprisoned's
//     open custody, which runs "up to R": its whole months change only when the last
//     whole month before R changes, and then we take every person with an open
//     detention (no end_date) or an imprisonment with no release on or after it,
//     started by max(R0,R).
// Everything else about a person depends on no date. So re-examining these people and
// keeping everyone else's clues as they are gives the clues of a full run. Only people
// with a current roll row can have clues, so match_persons keeps only those (most new
// department records are of people on no roll); the clues of a roll row removed since
// are reached through match_members.
//
// A shard (shard.h) re-examines only its own people: the same set, cut to its key range.
//
// BuildChangeScope fills the temporary tables match_persons(id_token) (the people) and
// match_members(member_id) (their current roll rows and the rows removed since: the
// clues whose evidence may have gone). Both must exist and be empty; the caller's
// transaction must be REPEATABLE READ (the snapshot the run reads in).
#pragma once

#include <cstdint>
#include <string>

#include <pqxx/pqxx>

#include "common/date.h"
#include "common/result.h"
#include "matcher/run/shard.h"

namespace xmatch::matcher {

// The previous successful run an incremental run builds on.
struct Watermark {
  std::string snapshot_xmin;  // xid8 as text
  Date run_date;
};

struct ChangeScope {
  // A roll, payments or records table was truncated since: only a full run is exact.
  bool needs_full = false;
  uint64_t people = 0;   // rows in match_persons
  uint64_t members = 0;  // rows in match_members
};

// The condition that keeps a roll_members or dept_records row only if its person is in
// match_persons: through the token_key index first (its id_token has no index of its
// own, 0015), then the token itself, since two tokens may share a key.
inline constexpr char kPersonInScope[] =
    "token_key = ANY (ARRAY(SELECT token_key FROM match_persons))"
    " AND id_token IN (SELECT id_token FROM match_persons)";

Result<ChangeScope> BuildChangeScope(pqxx::transaction_base& tx, const Watermark& since, Date run_date,
                                     const Shard& shard);

// Creates (or empties) match_persons and match_members for this session. Run outside
// any other transaction's use of them.
Status ResetScopeTables(pqxx::transaction_base& tx);

}  // namespace xmatch::matcher
