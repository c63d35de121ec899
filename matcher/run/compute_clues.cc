#include "matcher/run/compute_clues.h"

#include <algorithm>
#include <optional>

#include "matcher/match_engine.h"
#include "matcher/rules/rule_settings.h"
#include "matcher/run/stopwatch.h"

namespace xmatch::matcher {

Result<std::vector<ClueRow>> ComputeClues(const Readers& readers, InputScope scope,
                                          const TokenKeyRange& range, Date run_date,
                                          const MatchConfig& config, int threads,
                                          std::ostream* progress, RunSummary* summary) {
  Stopwatch watch;
  std::optional<Candidates> candidates;
  if (scope == InputScope::kEverything) {
    XM_ASSIGN_OR_RETURN(RuleSettings settings, RuleSettings::FromConfig(config));
    XM_ASSIGN_OR_RETURN(candidates,
                        SelectCandidates(readers, range,
                                         std::min(settings.pension_threshold_dibao,
                                                  settings.pension_threshold_tekun),
                                         progress));
    summary->timings_ms.emplace_back("keys", watch.Lap());
  }
  XM_ASSIGN_OR_RETURN(LoadedRoll loaded, LoadRoll(readers, scope, progress));
  summary->roll_rows = candidates ? candidates->roll_rows : loaded.builder.key64s().size();
  summary->timings_ms.emplace_back("roll", watch.Lap());

  XM_ASSIGN_OR_RETURN(DeptRecordTable records, LoadRecords(readers, scope, loaded.index, progress,
                                                           &summary->records_read));
  if (candidates) summary->records_read = candidates->records;
  summary->records_matched = records.size();
  summary->timings_ms.emplace_back("records", watch.Lap());

  XM_ASSIGN_OR_RETURN(RollTable roll, LoadPayments(readers, std::move(loaded.builder), loaded.index,
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
