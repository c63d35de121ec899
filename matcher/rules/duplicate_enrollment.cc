#include "matcher/rules/duplicate_enrollment.h"

#include <algorithm>
#include <string_view>

namespace xmatch::matcher {
namespace {

bool Conflict(const RuleInput& in, uint32_t a, uint32_t b) {
  const RollTable& roll = in.roll;
  return roll.township(a) != roll.township(b) || roll.program(a) == roll.program(b) ||
         in.settings.Incompatible(roll.program(a), roll.program(b));
}

bool PaidFor(const RollTable& roll, uint32_t row, Month period) {
  const std::span<const Payment> paid = roll.payments(row);
  const auto it = std::lower_bound(paid.begin(), paid.end(), period,
                                   [](const Payment& p, Month m) { return p.period < m; });
  return it != paid.end() && it->period == period;
}

}  // namespace

void FindDuplicateEnrollment(const RuleInput& in, const Person& person,
                             std::vector<Clue>* out) {
  std::vector<uint32_t> active;
  for (uint32_t row : person.rows) {
    if (in.roll.status(row) == RollStatus::kActive) active.push_back(row);
  }
  if (active.size() < 2) return;

  for (uint32_t row : active) {
    Clue clue;
    for (uint32_t other : active) {
      if (other != row && Conflict(in, row, other)) clue.other_rows.push_back(other);
    }
    if (clue.other_rows.empty()) continue;
    std::sort(clue.other_rows.begin(), clue.other_rows.end(), [&](uint32_t a, uint32_t b) {
      return in.roll.member_id(a) < in.roll.member_id(b);
    });
    for (const Payment& p : in.roll.payments(row)) {
      const bool paid_twice = std::any_of(
          clue.other_rows.begin(), clue.other_rows.end(),
          [&](uint32_t other) { return PaidFor(in.roll, other, p.period); });
      if (paid_twice) clue.AddOverpaid(p);
    }
    clue.rule = Rule::kDuplicateEnrollment;
    clue.row = row;
    std::vector<std::string_view> parts = {in.roll.member_id(row)};
    for (uint32_t other : clue.other_rows) parts.push_back(in.roll.member_id(other));
    clue.key = MakeClueKey(Rule::kDuplicateEnrollment, parts);
    out->push_back(std::move(clue));
  }
}

}  // namespace xmatch::matcher
