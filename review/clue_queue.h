// The clue queue (GET /api/clues, review/API.md "Queue"): its parameters, checked, and
// the queries behind it: the page of clues, the total and the counts by status and by
// rule, all within what the access policy lets the principal see. Every value is bound;
// sort orders come from a fixed list.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "common/date.h"
#include "common/money.h"
#include "common/result.h"
#include "review/principal.h"

namespace xmatch::review {

enum class QueueSort { kCreatedDesc, kCreatedAsc, kAmountDesc, kAmountAsc, kPeriodsDesc };

struct QueueQuery {
  std::optional<std::string> rule;
  std::vector<std::string> statuses;      // empty: any
  std::optional<std::string> township;    // 9 digits
  std::optional<Money> min_amount;
  std::optional<Money> max_amount;
  std::optional<Date> from;               // created_at, Beijing date, inclusive
  std::optional<Date> to;                 // inclusive
  bool only_new = false;                  // first raised by the latest successful run
  QueueSort sort = QueueSort::kCreatedDesc;
  int page = 1;
  int page_size = 50;
};

inline constexpr int kMaxPageSize = 200;

// Filters the count summary cannot answer (amount, dates, new=1) are counted up to this
// many clues; past it the answer says "capped" instead of scanning a million rows.
inline constexpr int64_t kCountCap = 1'000;

// InvalidArgument naming the parameter ("status: ...") for any value outside its
// domain; unknown parameters are ignored.
Result<QueueQuery> ParseQueueQuery(const std::map<std::string, std::string>& params);

// The answer's JSON text (API.md, GET /api/clues): {"page", "page_size", "total",
// "capped", "counts": {"by_status", "by_rule"}, "items"}, written directly (JsonWriter).
// Counts by region, township, rule and status are exact, from clue_count_deltas
// (schemas/sql/0007); with an amount, date or new=1 filter they are counted over the
// clues up to kCountCap: past it, total is kCountCap, capped is true and counts are empty.
std::string LoadQueue(pqxx::transaction_base& tx, const Principal& principal,
                      const QueueQuery& query);

}  // namespace xmatch::review
