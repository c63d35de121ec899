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

namespace xmatch::matcher {

// A session-level PostgreSQL advisory lock, held while the object lives. The connection
// must outlive it.
class RunLock {
 public:
  // FailedPrecondition when another session holds it (another `xmatch match` is running).
  static Result<RunLock> Acquire(pqxx::connection& conn);
  RunLock(RunLock&& other) noexcept : conn_(std::exchange(other.conn_, nullptr)) {}
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;
  RunLock& operator=(RunLock&&) = delete;
  ~RunLock();

 private:
  explicit RunLock(pqxx::connection* conn) : conn_(conn) {}
  pqxx::connection* conn_;
};

struct BegunRun {
  int64_t id = 0;
  uint64_t abandoned = 0;  // 'running' rows of crashed runs, now marked failed
  // The latest succeeded run, if it ran with the same rule-set version and settings:
  // what an incremental run may build on.
  std::optional<Watermark> previous;
  // Why there is no usable previous run ("" when there is one).
  std::string no_previous_reason;
};

// Marks abandoned runs failed, finds the previous run and inserts this run's 'running'
// row, in one committed transaction. `settings` describes the rule settings (compared
// by hash with the previous run's). Requires the RunLock.
Result<BegunRun> BeginRun(pqxx::connection& conn, Date run_date, bool full,
                          const std::string& settings);

// Inside the clue-writing transaction: the run succeeded with this mode, snapshot and
// figures (JSON object texts).
Status MarkRunSucceeded(pqxx::transaction_base& tx, int64_t id, bool full, const std::string& snapshot_xmin,
                        const std::string& counts, const std::string& timings,
                        const std::string& data_as_of);

// In a transaction of its own: the run failed with `error` (a Status message: no
// personal data).
Status MarkRunFailed(pqxx::connection& conn, int64_t id, const std::string& error);

}  // namespace xmatch::matcher
