// match_runs bookkeeping (one row per run) and the lock that lets one run at a time.
//
// A run's row is committed as 'running' before any work, and turned 'succeeded' in the
// same transaction that writes the clues, so a crashed run leaves a 'running' row and no
// clues. Whoever next takes the lock marks such rows 'failed': holding the lock proves
// their runs are dead.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include <pqxx/pqxx>

#include "common/date.h"
#include "common/result.h"
#include "matcher/run/change_scope.h"
#include "matcher/run/shard.h"

namespace xmatch::matcher {

// Session-level PostgreSQL advisory locks, held while the object lives: one run at a time
// per shard. An unsharded run holds the run lock exclusively; a shard's run holds it
// shared (shards run side by side, never beside an unsharded run) and its shard's own
// lock exclusively. Every shard of a database must use the same N. The connection must
// outlive it.
class RunLock {
 public:
  // FailedPrecondition when another session holds it (another `xmatch match` of the
  // same shard, or an unsharded one beside a shard, is running).
  static Result<RunLock> Acquire(pqxx::connection& conn, const Shard& shard = Shard{});
  RunLock(RunLock&& other) noexcept
      : conn_(std::exchange(other.conn_, nullptr)), shard_(other.shard_) {}
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;
  RunLock& operator=(RunLock&&) = delete;
  ~RunLock();

 private:
  RunLock(pqxx::connection* conn, const Shard& shard) : conn_(conn), shard_(shard) {}
  pqxx::connection* conn_;
  Shard shard_;
};

struct BegunRun {
  int64_t id = 0;
  uint64_t abandoned = 0;  // 'running' rows of crashed runs, now marked failed
  // The latest succeeded run of the same shard (or unsharded), if it ran with the same
  // rule-set version and settings: what an incremental run may build on.
  std::optional<Watermark> previous;
  // Why there is no usable previous run ("" when there is one).
  std::string no_previous_reason;
};

// Marks abandoned runs of the shard failed, finds the shard's previous run and inserts
// this run's 'running' row (match_runs.shard 'K/N', NULL unsharded), in one committed
// transaction. `settings` describes the rule settings (compared by hash with the
// previous run's). Requires the RunLock.
Result<BegunRun> BeginRun(pqxx::connection& conn, Date run_date, bool full,
                          const std::string& settings, const Shard& shard);

// Inside the clue-writing transaction: the run succeeded with this mode, snapshot and
// figures (JSON object texts).
Status MarkRunSucceeded(pqxx::transaction_base& tx, int64_t id, bool full, const std::string& snapshot_xmin,
                        const std::string& counts, const std::string& timings,
                        const std::string& data_as_of);

// In a transaction of its own: the run failed with `error` (a Status message: no
// personal data).
Status MarkRunFailed(pqxx::connection& conn, int64_t id, const std::string& error);

}  // namespace xmatch::matcher
