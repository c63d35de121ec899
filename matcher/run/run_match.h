// RunMatch: the nightly comparison end to end (`xmatch match`, and the benchmark's entry
// point). Reads the roll, payments and department records from PostgreSQL, runs the
// MatchEngine, writes the clues and a match_runs row.
//
//   lock ─> match_runs 'running' ─> REPEATABLE READ snapshot: scope, COPY roll, records,
//   payments (a full run: on several connections sharing the snapshot) ─> MatchEngine ─> one transaction: clues + clue_events + match_runs 'succeeded'
//
// Incremental by default: only the people whose data changed since the previous
// successful run, or whose clues the passage of time can change, are re-examined
// (change_scope.h), and the result is the same as a full run's. A run is full when asked
// (RunOptions::full), when there is no previous successful run, when the rule-set
// version or the rule settings differ from the previous run's, or when an input table
// was truncated since.
//
// Sharded (RunOptions::shard, `--shard K/N`): the run reads, re-examines and writes only
// the people of shard K (shard.h) and the clues of those people, with its own match_runs
// row (shard 'K/N') and watermark; N runs, one per shard, give exactly the clues of one
// unsharded run.
//
// One run at a time per database, or per shard (advisory locks, run_log.h): a second
// concurrent run fails with FailedPrecondition at once. A run that fails or crashes writes no clues; its match_runs
// row says 'failed' (a crashed run's row is marked by the next run).
//
// `conn` must have no transaction open; it is used for the whole run (temporary tables
// live on it). Progress goes to options.progress (nullptr: none); nothing is printed on
// stdout (see PrintSummary).
#pragma once

#include <iostream>
#include <optional>

#include <pqxx/pqxx>

#include "common/config.h"
#include "common/date.h"
#include "common/result.h"
#include "matcher/run/run_summary.h"
#include "matcher/run/shard.h"

namespace xmatch::matcher {

struct RunOptions {
  std::optional<Date> run_date;  // R; default today (local time)
  bool full = false;             // recompute everything, not only what changed
  MatchConfig config;            // thresholds and incompatible programs
  int threads = 0;               // for the join and the rules; <= 0: all cores
  // Connections reading the inputs at once in a full run (SnapshotReaders); <= 0: as
  // many as `threads`. Incremental runs read on one.
  int readers = 0;
  Shard shard{};                 // default 1/1: everyone
  std::ostream* progress = &std::cerr;
};

// Errors: FailedPrecondition when another run holds the lock; InvalidArgument for a bad
// MatchConfig; Unavailable/Internal from the database (store::StatusFromPqxx); Internal
// for input rows the matcher cannot read (naming the table and row, never an ID number).
Result<RunSummary> RunMatch(pqxx::connection& conn, const RunOptions& options);

}  // namespace xmatch::matcher
