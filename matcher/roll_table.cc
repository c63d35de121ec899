#include "matcher/roll_table.h"

#include <algorithm>

namespace xmatch::matcher {
namespace {

bool AllDigits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

uint32_t TownshipOf(std::string_view region_code) {
  uint32_t township = 0;
  for (char c : region_code.substr(0, 9)) township = township * 10 + static_cast<uint32_t>(c - '0');
  return township;
}

}  // namespace

Status RollTableBuilder::AddRow(RollEntry entry) {
  if (entry.region_code.size() != 12 || !AllDigits(entry.region_code)) {
    return Status::InvalidArgument("roll row " + entry.member_id +
                                   ": region_code must be 12 digits (village code)");
  }
  const auto row = static_cast<uint32_t>(table_.keys_.size());
  if (!row_of_member_.emplace(entry.member_id, row).second) {
    return Status::InvalidArgument("roll row " + entry.member_id +
                                   ": member_id appears twice; member_id must be unique");
  }
  table_.keys_.push_back(entry.person.key64);
  table_.hot_.push_back(RollTable::Hot{entry.person.check, TownshipOf(entry.region_code),
                                       entry.program, entry.status});
  table_.text_.push_back(RollTable::Text{std::move(entry.member_id),
                                         std::move(entry.household_id),
                                         std::move(entry.region_code)});
  return Status::Ok();
}

void RollTableBuilder::Reserve(size_t rows) {
  table_.keys_.reserve(rows);
  table_.hot_.reserve(rows);
  table_.text_.reserve(rows);
  row_of_member_.reserve(rows);
}

Status RollTableBuilder::AddPayment(std::string_view member_id, Month period, Money amount) {
  const auto it = row_of_member_.find(member_id);
  if (it == row_of_member_.end()) {
    return Status::NotFound("payment for " + period.ToString() + ": member " +
                            std::string(member_id) + " is not on the roll");
  }
  pending_.push_back(PendingPayment{it->second, Payment{period, amount}});
  return Status::Ok();
}

Result<RollTable> RollTableBuilder::Build() && {
  const size_t n = table_.keys_.size();
  // Counting sort by row, then each row's few payments by month.
  std::vector<uint32_t>& begin = table_.payment_begin_;
  begin.assign(n + 1, 0);
  for (const PendingPayment& p : pending_) ++begin[p.row + 1];
  for (size_t r = 0; r < n; ++r) begin[r + 1] += begin[r];
  std::vector<uint32_t> cursor(begin.begin(), begin.end() - 1);
  table_.payments_.resize(pending_.size());
  for (const PendingPayment& p : pending_) table_.payments_[cursor[p.row]++] = p.payment;
  pending_.clear();
  pending_.shrink_to_fit();

  for (size_t r = 0; r < n; ++r) {
    Payment* first = table_.payments_.data() + begin[r];
    Payment* last = table_.payments_.data() + begin[r + 1];
    std::sort(first, last, [](const Payment& a, const Payment& b) { return a.period < b.period; });
    const Payment* twice = std::adjacent_find(
        first, last, [](const Payment& a, const Payment& b) { return a.period == b.period; });
    if (twice != last) {
      return Status::InvalidArgument("payments: member " + table_.text_[r].member_id +
                                     " has two payments for " + twice->period.ToString() +
                                     "; keep one per month");
    }
  }
  row_of_member_.clear();
  return std::move(table_);
}

}  // namespace xmatch::matcher
