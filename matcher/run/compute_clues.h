// ComputeClues: the read-and-match half of a run, in the run's snapshot: loads the
// inputs in scope with `readers` (input_loader.h; InputScope::kEverything: the people of
// `range`, a shard's or all), runs the MatchEngine as of `run_date` and turns its
// clues into ClueRows, sorted by clue_key. Writes nothing but temporary tables.
//
// RunMatch uses it; tests use it with InputScope::kEverything to get what a full run
// would raise from the same database.
#pragma once

#include <iosfwd>
#include <vector>

#include <pqxx/pqxx>

#include "common/config.h"
#include "common/date.h"
#include "common/result.h"
#include "matcher/run/clue_row.h"
#include "matcher/run/input_loader.h"
#include "matcher/run/run_summary.h"

namespace xmatch::matcher {

// Fills summary's input counts and appends the timings of keys (a full run), roll,
// records, payments and match. roll_rows counts the roll rows in scope; records_read the
// records streamed (a full run: the record keys SelectCandidates read). `progress` may
// be null.
Result<std::vector<ClueRow>> ComputeClues(const Readers& readers, InputScope scope,
                                          const TokenKeyRange& range, Date run_date,
                                          const MatchConfig& config, int threads,
                                          std::ostream* progress, RunSummary* summary);

}  // namespace xmatch::matcher
