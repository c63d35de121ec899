#include "matcher/rules/pension_income.h"

#include <algorithm>
#include <string_view>

namespace xmatch::matcher {
namespace {

struct PensionRecord {
  Month period;
  uint32_t record;
};

// The person's pension payments grouped by month: records[begin..end) are for `period`.
struct PensionMonth {
  Month period;
  Money total;
  size_t begin;
  size_t end;
};

}  // namespace

void FindPensionIncome(const RuleInput& in, const Person& person, std::vector<Clue>* out) {
  const bool any_eligible_row = std::any_of(person.rows.begin(), person.rows.end(), [&](uint32_t r) {
    return IsDibao(in.roll.program(r)) || IsTekun(in.roll.program(r));
  });
  if (!any_eligible_row) return;

  std::vector<PensionRecord> pensions;
  for (uint32_t i : person.records) {
    const DeptRecord& r = in.records[i];
    if (r.kind == RecordKind::kPensionPayment) pensions.push_back({r.event_date.month_of(), i});
  }
  if (pensions.empty()) return;
  std::sort(pensions.begin(), pensions.end(),
            [](const PensionRecord& a, const PensionRecord& b) { return a.period < b.period; });
  std::vector<PensionMonth> months;
  for (size_t i = 0; i < pensions.size(); ++i) {
    if (months.empty() || months.back().period != pensions[i].period) {
      months.push_back({pensions[i].period, Money(), i, i});
    }
    months.back().total += in.records[pensions[i].record].amount.value_or(Money());
    months.back().end = i + 1;
  }

  for (uint32_t row : person.rows) {
    const Program program = in.roll.program(row);
    if (!IsDibao(program) && !IsTekun(program)) continue;
    const Money threshold = IsDibao(program) ? in.settings.pension_threshold_dibao
                                             : in.settings.pension_threshold_tekun;
    Clue clue;
    for (const Payment& p : in.roll.payments(row)) {
      const auto m = std::lower_bound(
          months.begin(), months.end(), p.period,
          [](const PensionMonth& pm, Month period) { return pm.period < period; });
      if (m == months.end() || m->period != p.period || !(m->total > threshold)) continue;
      clue.AddOverpaid(p);
      for (size_t i = m->begin; i < m->end; ++i) clue.records.push_back(pensions[i].record);
    }
    if (clue.overpaid.empty()) continue;
    clue.rule = Rule::kPensionIncome;
    clue.row = row;
    const std::string_view parts[] = {in.roll.member_id(row)};
    clue.key = MakeClueKey(Rule::kPensionIncome, parts);
    SortRecords(in.records, &clue.records);
    out->push_back(std::move(clue));
  }
}

}  // namespace xmatch::matcher
