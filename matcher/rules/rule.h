// The interface every rule (CONTRACT §2) implements: given everything known about one
// person — their roll rows and their department records — append that person's clues.
//
// A rule is a pure function of its inputs: no state, no I/O, safe to call from several
// threads at once on different people. Rules neither know nor care how the rows and
// records of a person were found (the join lives in JoinHashTable and MatchEngine).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "common/date.h"
#include "matcher/clue.h"
#include "matcher/dept_records.h"
#include "matcher/roll_table.h"
#include "matcher/rules/rule_settings.h"

namespace xmatch::matcher {

// What a run shares across all people.
struct RuleInput {
  const RollTable& roll;
  const DeptRecordTable& records;
  const RuleSettings& settings;
  Date run_date;  // R
};

// One person: all their roll rows and department records (indices, ascending).
struct Person {
  std::span<const uint32_t> rows;
  std::span<const uint32_t> records;
};

using RuleFn = void (*)(const RuleInput& in, const Person& person, std::vector<Clue>* out);

}  // namespace xmatch::matcher
