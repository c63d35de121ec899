#include "matcher/run/run_log.h"

#include <optional>
#include <string>

#include "matcher/clue.h"
#include "store/connection.h"

namespace xmatch::matcher {
namespace {

// pg_advisory_lock key of `xmatch match`: "xmatch" in ASCII.
constexpr int64_t kRunLockKey = 0x786d61746368;
// A shard's own lock: the two-integer key space ("xmat", K).
constexpr int32_t kShardLockKey = 0x786d6174;

// The match_runs.shard of `shard`: 'K/N', or NULL (nullopt) unsharded.
std::optional<std::string> ShardColumn(const Shard& shard) {
  if (!shard.sharded()) return std::nullopt;
  return shard.ToString();
}

}  // namespace

Result<RunLock> RunLock::Acquire(pqxx::connection& conn, const Shard& shard) {
  try {
    pqxx::nontransaction tx(conn);
    if (!shard.sharded()) {
      if (!tx.exec_params1("SELECT pg_try_advisory_lock($1)", kRunLockKey)[0].as<bool>()) {
        return Status::FailedPrecondition(
            "another `xmatch match` is running on this database; only one may run at a time. "
            "Wait for it to finish (see the 'running' row in match_runs) and try again");
      }
      return RunLock(&conn, shard);
    }
    if (!tx.exec_params1("SELECT pg_try_advisory_lock_shared($1)", kRunLockKey)[0].as<bool>()) {
      return Status::FailedPrecondition(
          "an unsharded `xmatch match` is running on this database; shard " + shard.ToString() +
          " may not run beside it. Wait for it to finish and try again");
    }
    if (!tx.exec_params1("SELECT pg_try_advisory_lock($1, $2)", kShardLockKey, shard.index)[0]
             .as<bool>()) {
      tx.exec_params("SELECT pg_advisory_unlock_shared($1)", kRunLockKey);
      return Status::FailedPrecondition(
          "another `xmatch match --shard " + shard.ToString() +
          "` is running on this database; one run per shard at a time. Wait for it to "
          "finish (see the 'running' row in match_runs) and try again");
    }
  } catch (const std::exception& e) {
    return store::StatusFromPqxx(e, "taking the match lock");
  }
  return RunLock(&conn, shard);
}

RunLock::~RunLock() {
  if (conn_ == nullptr) return;
  try {
    pqxx::nontransaction tx(*conn_);
    if (shard_.sharded()) {
      tx.exec_params("SELECT pg_advisory_unlock($1, $2)", kShardLockKey, shard_.index);
      tx.exec_params("SELECT pg_advisory_unlock_shared($1)", kRunLockKey);
    } else {
      tx.exec_params("SELECT pg_advisory_unlock($1)", kRunLockKey);
    }
  } catch (const std::exception&) {
    // The connection is gone, and the session's locks with it.
  }
}

Result<BegunRun> BeginRun(pqxx::connection& conn, Date run_date, bool full,
                          const std::string& settings, const Shard& shard) {
  BegunRun run;
  try {
    pqxx::work tx(conn);
    run.abandoned =
        tx.exec_params("UPDATE match_runs SET status = 'failed', finished_at = now(), "
                "error = 'interrupted: the run ended without finishing (crash, kill or lost "
                "connection); its clues were never written' "
                "WHERE status = 'running' AND shard IS NOT DISTINCT FROM $1",
                ShardColumn(shard))
            .affected_rows();
    const pqxx::result prev = tx.exec_params(
        "SELECT snapshot_xmin::text, run_date::text, "
        "       rule_version IS NOT DISTINCT FROM $1 AND settings_hash = md5($2), "
        "       NOT EXISTS (SELECT 1 FROM match_runs o WHERE o.status = 'succeeded' "
        "         AND o.id > p.id AND coalesce(split_part(o.shard, '/', 2), '1') <> $4) "
        "FROM match_runs p WHERE status = 'succeeded' AND shard IS NOT DISTINCT FROM $3 "
        "ORDER BY id DESC LIMIT 1",
        std::string(kRuleSetVersion), settings, ShardColumn(shard),
        std::to_string(shard.count));
    if (prev.empty()) {
      run.no_previous_reason = "first run";
    } else if (!prev[0][2].as<bool>()) {
      run.no_previous_reason = "the rules or their settings changed since the previous run";
    } else if (!prev[0][3].as<bool>()) {
      // Those runs pruned match_changes of their own people only.
      run.no_previous_reason =
          "runs with another shard count (--shard K/N, or unsharded) succeeded since this "
          "shard's previous run";
    } else {
      XM_ASSIGN_OR_RETURN(Date previous_date, Date::Parse(prev[0][1].c_str()));
      run.previous = Watermark{prev[0][0].c_str(), previous_date};
    }
    const bool runs_full = full || !run.previous;
    run.id = tx.exec_params1(
                   "INSERT INTO match_runs (run_date, mode, rule_version, settings_hash, shard) "
                   "VALUES ($1, $2, $3, md5($4), $5) RETURNING id",
                   run_date.ToString(), runs_full ? "full" : "incremental",
                   std::string(kRuleSetVersion), settings, ShardColumn(shard))[0]
                 .as<int64_t>();
    tx.commit();
  } catch (const std::exception& e) {
    return store::StatusFromPqxx(e, "starting the run in match_runs");
  }
  return run;
}

Status MarkRunSucceeded(pqxx::transaction_base& tx, int64_t id, bool full, const std::string& snapshot_xmin,
                        const std::string& counts, const std::string& timings,
                        const std::string& data_as_of) {
  try {
    tx.exec_params(
        "UPDATE match_runs SET status = 'succeeded', finished_at = now(), mode = $2, "
        "snapshot_xmin = $3::xid8, counts = $4::jsonb, timings = $5::jsonb, "
        "data_as_of = $6::jsonb WHERE id = $1",
        id, full ? "full" : "incremental", snapshot_xmin, counts, timings, data_as_of);
    return Status::Ok();
  } catch (const std::exception& e) {
    return store::StatusFromPqxx(e, "recording the run in match_runs");
  }
}

Status MarkRunFailed(pqxx::connection& conn, int64_t id, const std::string& error) {
  try {
    pqxx::work tx(conn);
    tx.exec_params(
        "UPDATE match_runs SET status = 'failed', finished_at = now(), error = $2 "
        "WHERE id = $1",
        id, error);
    tx.commit();
    return Status::Ok();
  } catch (const std::exception& e) {
    return store::StatusFromPqxx(e, "recording the failed run in match_runs");
  }
}

}  // namespace xmatch::matcher
