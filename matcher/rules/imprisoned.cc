#include "matcher/rules/imprisoned.h"

#include <algorithm>
#include <optional>
#include <string_view>

namespace xmatch::matcher {
namespace {

struct Custody {
  uint32_t start_record;
  std::optional<uint32_t> end_record;  // the release ending an imprisonment
  Date start;
  Date end;  // inclusive; R for an open interval
};

// The months lo..hi whose every day lies in [start, end]; empty when lo > hi.
struct MonthRange {
  Month lo;
  Month hi;
  bool Contains(Month m) const { return lo <= m && m <= hi; }
};

MonthRange WholeMonthsWithin(Date start, Date end) {
  const Month first = start.month_of();
  const Month last = end.month_of();
  return MonthRange{
      start == first.first_day() ? first : first.Next(),
      end == last.last_day() ? last : Month::FromIndex(last.index() - 1),
  };
}

std::vector<Custody> CustodyIntervals(const RuleInput& in, const Person& person) {
  std::vector<uint32_t> releases;
  for (uint32_t i : person.records) {
    if (in.records[i].kind == RecordKind::kRelease) releases.push_back(i);
  }
  // By date, then (source, record_id) so that of two releases on one day the same one is
  // cited on every run.
  SortRecords(in.records, &releases);
  std::stable_sort(releases.begin(), releases.end(), [&](uint32_t a, uint32_t b) {
    return in.records[a].event_date < in.records[b].event_date;
  });

  std::vector<Custody> custody;
  for (uint32_t i : person.records) {
    const DeptRecord& r = in.records[i];
    if (r.kind == RecordKind::kImprisonment) {
      const auto release = std::find_if(releases.begin(), releases.end(), [&](uint32_t j) {
        return in.records[j].event_date >= r.event_date;
      });
      if (release == releases.end()) {
        custody.push_back(Custody{i, std::nullopt, r.event_date, in.run_date});
      } else {
        custody.push_back(Custody{i, *release, r.event_date, in.records[*release].event_date});
      }
    } else if (r.kind == RecordKind::kDetention) {
      custody.push_back(Custody{i, std::nullopt, r.event_date, r.end_date.value_or(in.run_date)});
    }
  }
  return custody;
}

}  // namespace

void FindImprisoned(const RuleInput& in, const Person& person, std::vector<Clue>* out) {
  const std::vector<Custody> intervals = CustodyIntervals(in, person);
  for (const Custody& c : intervals) {
    const MonthRange inside = WholeMonthsWithin(c.start, c.end);
    if (inside.hi < inside.lo) continue;
    const DeptRecord& start = in.records[c.start_record];
    for (uint32_t row : person.rows) {
      Clue clue;
      for (const Payment& p : in.roll.payments(row)) {
        if (inside.Contains(p.period)) clue.AddOverpaid(p);
      }
      if (clue.overpaid.empty()) continue;
      clue.rule = Rule::kImprisoned;
      clue.row = row;
      const std::string_view parts[] = {in.roll.member_id(row), SourceName(start.source()),
                                        start.record_id};
      clue.key = MakeClueKey(Rule::kImprisoned, parts);
      clue.records.push_back(c.start_record);
      if (c.end_record) clue.records.push_back(*c.end_record);
      SortRecords(in.records, &clue.records);
      out->push_back(std::move(clue));
    }
  }
}

}  // namespace xmatch::matcher
