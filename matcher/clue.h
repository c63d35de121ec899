// Clue: one candidate finding of one rule about one roll row (CONTRACT §2), as the match
// engine produces it. A clue refers to its roll row and department records by index into
// the RollTable and DeptRecordTable it was computed from: whoever writes it out (the
// clues table, the evidence jsonb) reads member_id, region, program and each record's
// source, record_id, kind, dates and origin from there.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/money.h"
#include "matcher/dept_records.h"
#include "matcher/roll_table.h"

namespace xmatch::matcher {

// The version of the rules' meaning, stored with every clue (clues.rule_version). Bump it
// whenever what a rule raises, or how it computes months or amounts, changes.
inline constexpr std::string_view kRuleSetVersion = "2026.1";

enum class Rule : uint8_t { kDeceased, kImprisoned, kPensionIncome, kDuplicateEnrollment };

// "deceased", "imprisoned", "pension_income", "duplicate_enrollment".
std::string_view RuleName(Rule rule);

struct Clue {
  Rule rule = Rule::kDeceased;
  uint32_t row = 0;  // the roll row
  // Stable identity (clues.clue_key): rule, member_id and the evidence anchor, so the same
  // data raises the same key on every run. See MakeClueKey.
  std::string key;
  // Overpaid months and the row's payment for each, months ascending.
  std::vector<Payment> overpaid;
  Money overpaid_amount;  // sum of overpaid[].amount
  // Department records the clue rests on, ordered by (source, record_id).
  std::vector<uint32_t> records;
  // duplicate_enrollment: the conflicting roll rows, ordered by member_id. Empty otherwise.
  std::vector<uint32_t> other_rows;

  int overpaid_periods() const { return static_cast<int>(overpaid.size()); }
  void AddOverpaid(const Payment& p) {
    overpaid.push_back(p);
    overpaid_amount += p.amount;
  }
};

// "<rule>:<part>:<part>...". A part's '\' and ':' are escaped with '\', so distinct parts
// never yield the same key.
std::string MakeClueKey(Rule rule, std::span<const std::string_view> parts);

// Sorts record indices by (source, record_id) and drops repeats.
void SortRecords(const DeptRecordTable& records, std::vector<uint32_t>* indices);

}  // namespace xmatch::matcher
