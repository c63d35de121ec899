// MatchEngine: the nightly comparison in memory. Joins department records to the roll
// through a JoinHashTable on person keys, gathers each person's rows and records, runs the
// four rules of CONTRACT §2 on them and returns the clues.
//
//   RollTable ──Build──> JoinHashTable <──probe── DeptRecordTable.key64s()
//                              │  (and its shared keys: the roll joined with itself)
//                              v
//        per person: rows + records ──> deceased, imprisoned, pension_income,
//                                       duplicate_enrollment ──> clues, sorted by key
//
// Loading (PostgreSQL COPY) and writing clues are not its business: it takes tables and
// returns values. Both the probe and the rules run on MatchOptions::threads threads.
//
// The engine keeps a reference to the RollTable it was created on, which must outlive it.
// Run() is const and may be called concurrently.
#pragma once

#include <vector>

#include "common/config.h"
#include "common/date.h"
#include "common/result.h"
#include "matcher/clue.h"
#include "matcher/dept_records.h"
#include "matcher/join_hash_table.h"
#include "matcher/roll_table.h"
#include "matcher/rules/rule_settings.h"

namespace xmatch::matcher {

struct MatchOptions {
  int threads = 0;  // threads for probing and rules; <= 0: all cores
};

class MatchEngine {
 public:
  // Builds the join table on `roll`. Fails with InvalidArgument on a bad MatchConfig
  // (unknown program name) or a roll beyond the join table's limits.
  static Result<MatchEngine> Create(const RollTable& roll, const MatchConfig& config,
                                    MatchOptions options = {});
  // The same on a join table the caller already built on roll.key64s() (a loader that
  // probed with it before building the roll), which is moved in rather than rebuilt.
  static Result<MatchEngine> Create(const RollTable& roll, JoinHashTable index,
                                    const MatchConfig& config, MatchOptions options = {});

  // The join table on the roll's keys: for loaders that probe batches of department
  // records and keep only the matching ones (JoinHashTable::ProbeRange).
  const JoinHashTable& index() const { return index_; }

  // Every clue the four rules raise as of run date R on this roll and `records`, sorted by
  // Clue::key (unique). Clue::row indexes the roll; Clue::records index `records`.
  std::vector<Clue> Run(const DeptRecordTable& records, Date run_date) const;

 private:
  MatchEngine(const RollTable& roll, JoinHashTable index, RuleSettings settings, int threads)
      : roll_(&roll), index_(std::move(index)), settings_(settings), threads_(threads) {}

  const RollTable* roll_;
  JoinHashTable index_;
  RuleSettings settings_;
  int threads_;
};

}  // namespace xmatch::matcher
