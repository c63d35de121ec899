#include "matcher/run/compute_clues.h"

#include "matcher/match_engine.h"
#include "matcher/run/stopwatch.h"

namespace xmatch::matcher {

Result<std::vector<ClueRow>> ComputeClues(pqxx::transaction_base& tx, InputScope scope, Date run_date,
                                          const MatchConfig& config, int threads,
                                          std::ostream* progress, RunSummary* summary) {
  Stopwatch watch;
  XM_ASSIGN_OR_RETURN(LoadedRoll loaded, LoadRoll(tx, scope, progress));
  summary->roll_rows = loaded.builder.key64s().size();
  summary->timings_ms.emplace_back("roll", watch.Lap());

  XM_ASSIGN_OR_RETURN(DeptRecordTable records, LoadRecords(tx, scope, loaded.index, progress,
                                                           &summary->records_read));
  summary->records_matched = records.size();
  summary->timings_ms.emplace_back("records", watch.Lap());

  XM_ASSIGN_OR_RETURN(RollTable roll, LoadPayments(tx, std::move(loaded.builder), loaded.index,
                                                   records, progress, &summary->payments));
  summary->timings_ms.emplace_back("payments", watch.Lap());

  XM_ASSIGN_OR_RETURN(MatchEngine engine, MatchEngine::Create(roll, std::move(loaded.index), config,
                                                              MatchOptions{.threads = threads}));
  const std::vector<Clue> clues = engine.Run(records, run_date);
  std::vector<ClueRow> rows;
  rows.reserve(clues.size());
  for (const Clue& clue : clues) rows.push_back(MakeClueRow(clue, roll, records));
  summary->timings_ms.emplace_back("match", watch.Lap());
  return rows;
}

}  // namespace xmatch::matcher
