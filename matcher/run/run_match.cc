#include "matcher/run/run_match.h"

#include <string>
#include <vector>

#include "matcher/codes.h"
#include "matcher/parallel.h"
#include "matcher/rules/rule_settings.h"
#include "matcher/run/change_scope.h"
#include "matcher/run/clue_writer.h"
#include "matcher/run/compute_clues.h"
#include "matcher/run/run_log.h"
#include "matcher/run/snapshot_readers.h"
#include "matcher/run/stopwatch.h"
#include "store/connection.h"

namespace xmatch::matcher {
namespace {

using ReadTransaction = pqxx::transaction<pqxx::isolation_level::repeatable_read>;

// The settings the rules ran with, normalized (as RuleSettings sees them), so that
// equivalent configurations compare equal.
std::string SettingsFingerprint(const RuleSettings& s) {
  std::string out = "pension_threshold_dibao_fen=" +
                    std::to_string(s.pension_threshold_dibao.fen()) +
                    ";pension_threshold_tekun_fen=" +
                    std::to_string(s.pension_threshold_tekun.fen()) + ";incompatible=";
  for (int a = 0; a < kProgramCount; ++a) {
    for (int b = a + 1; b < kProgramCount; ++b) {
      if (!s.Incompatible(static_cast<Program>(a), static_cast<Program>(b))) continue;
      out += std::string(ProgramName(static_cast<Program>(a))) + "/" +
             std::string(ProgramName(static_cast<Program>(b))) + ",";
    }
  }
  return out;
}

// The next run of this shard reads changes from our snapshot on: older ones are spent.
// A shard removes only the changes of its own people (a change's person: its token, or
// its roll row's); the rest stay for the other shards, and `everything` rows (a
// truncate) for each shard to see, until an unsharded run removes them.
void PruneChanges(pqxx::transaction_base& tx, const Shard& shard,
                  const std::string& snapshot_xmin) {
  if (!shard.sharded()) {
    tx.exec_params("DELETE FROM match_changes WHERE change_xid < $1::xid8", snapshot_xmin);
    return;
  }
  tx.exec_params(
      "DELETE FROM match_changes c WHERE change_xid < $1::xid8 AND NOT everything AND " +
          shard.range().Sql("xmatch_token_key(coalesce(c.id_token, (SELECT r.id_token FROM "
                            "roll_members r WHERE r.member_id = c.member_id)))"),
      snapshot_xmin);
}

// Everything after the run's row exists. On error nothing has been written.
Status Execute(pqxx::connection& conn, const RunOptions& options, const BegunRun& begun,
               RunSummary* summary) {
  Stopwatch watch;
  summary->full = options.full || !begun.previous;
  summary->why_full = options.full ? "asked for with --full" : begun.no_previous_reason;

  std::string snapshot_xmin;
  std::vector<ClueRow> rows;
  try {
    ReadTransaction read(conn);
    // First statement: the snapshot every read of this run sees.
    snapshot_xmin = read.exec1("SELECT pg_snapshot_xmin(pg_current_snapshot())::text")[0].c_str();
    read.exec0("SET LOCAL datestyle = 'ISO, YMD'");
    XM_RETURN_IF_ERROR(ResetScopeTables(read));
    if (!summary->full) {
      XM_ASSIGN_OR_RETURN(ChangeScope scope,
                          BuildChangeScope(read, *begun.previous, summary->run_date,
                                           options.shard));
      if (scope.needs_full) {
        summary->full = true;
        summary->why_full = "an input table was truncated since the previous run";
      }
      summary->people = scope.people;
    }
    summary->timings_ms.emplace_back("scope", watch.Lap());

    const int readers = options.readers > 0 ? options.readers : ResolveThreads(options.threads);
    {
      XM_ASSIGN_OR_RETURN(SnapshotReaders snapshot,
                          SnapshotReaders::Open(conn, read, summary->full ? readers - 1 : 0));
      summary->timings_ms.emplace_back("connect", watch.Lap());
      XM_ASSIGN_OR_RETURN(rows, ComputeClues(snapshot.readers(),
                                             summary->full ? InputScope::kEverything
                                                           : InputScope::kAffectedPeople,
                                             options.shard.range(), summary->run_date,
                                             options.config, options.threads, options.progress,
                                             summary));
    }
    XM_RETURN_IF_ERROR(ReadDataAsOf(read, summary));
    read.commit();
    watch.Lap();
  } catch (const std::exception& e) {
    return store::StatusFromPqxx(e, "reading the inputs");
  }

  try {
    pqxx::work write(conn);
    // The writes touch the clues of one night's people; their cost estimates can still
    // pass jit_above_cost on a large clues table, and compiling a statement (100 ms and
    // more) never pays back on so few rows.
    write.exec0("SET LOCAL jit = off");
    XM_ASSIGN_OR_RETURN(summary->rules,
                        WriteClues(write, rows,
                                   summary->run_id,
                                   summary->full ? InputScope::kEverything
                                                 : InputScope::kAffectedPeople,
                                   options.shard));
    XM_RETURN_IF_ERROR(ReadLedger(write, summary));
    PruneChanges(write, options.shard, snapshot_xmin);
    summary->timings_ms.emplace_back("write", watch.Lap());
    summary->timings_ms.emplace_back("total", watch.Total());
    XM_RETURN_IF_ERROR(MarkRunSucceeded(write, summary->run_id, summary->full, snapshot_xmin,
                                        CountsJson(*summary), TimingsJson(*summary),
                                        DataAsOfJson(*summary)));
    write.commit();
  } catch (const std::exception& e) {
    return store::StatusFromPqxx(e, "writing the clues");
  }
  return Status::Ok();
}

}  // namespace

Result<RunSummary> RunMatch(pqxx::connection& conn, const RunOptions& options) {
  XM_ASSIGN_OR_RETURN(RuleSettings settings, RuleSettings::FromConfig(options.config));
  RunSummary summary;
  summary.run_date = options.run_date.value_or(Date::Today());

  XM_ASSIGN_OR_RETURN(RunLock lock, RunLock::Acquire(conn, options.shard));
  XM_ASSIGN_OR_RETURN(BegunRun begun, BeginRun(conn, summary.run_date, options.full,
                                               SettingsFingerprint(settings), options.shard));
  summary.run_id = begun.id;
  const Status status = Execute(conn, options, begun, &summary);
  if (!status.ok()) {
    // Best effort: if this fails too, the next run marks the row failed.
    (void)MarkRunFailed(conn, begun.id, status.ToString());
    return status;
  }
  return summary;
}

}  // namespace xmatch::matcher
