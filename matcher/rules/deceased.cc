#include "matcher/rules/deceased.h"

#include <optional>
#include <string_view>

namespace xmatch::matcher {
namespace {

// Active rows are flagged once R is more than this many days after D.
constexpr int32_t kStopPaymentDays = 90;

bool IsDeathEvidence(const DeptRecord& r) {
  switch (r.kind) {
    case RecordKind::kDeath:
    case RecordKind::kDeathCertificate:
      return true;
    case RecordKind::kDeregistration:
    case RecordKind::kPensionStop:
      return r.reason == "death";
    default:
      return false;
  }
}

}  // namespace

void FindDeceased(const RuleInput& in, const Person& person, std::vector<Clue>* out) {
  std::vector<uint32_t> evidence;
  std::optional<Date> death;
  for (uint32_t i : person.records) {
    const DeptRecord& r = in.records[i];
    if (!IsDeathEvidence(r)) continue;
    evidence.push_back(i);
    if (!death || r.event_date < *death) death = r.event_date;
  }
  if (!death) return;
  SortRecords(in.records, &evidence);

  const Month death_month = death->month_of();
  const bool overdue = in.run_date - *death > kStopPaymentDays;
  for (uint32_t row : person.rows) {
    Clue clue;
    for (const Payment& p : in.roll.payments(row)) {
      if (p.period > death_month) clue.AddOverpaid(p);
    }
    const bool active = in.roll.status(row) == RollStatus::kActive;
    if (clue.overpaid.empty() && !(active && overdue)) continue;
    clue.rule = Rule::kDeceased;
    clue.row = row;
    const std::string_view parts[] = {in.roll.member_id(row)};
    clue.key = MakeClueKey(Rule::kDeceased, parts);
    clue.records = evidence;
    out->push_back(std::move(clue));
  }
}

}  // namespace xmatch::matcher
