#include "review/clue_queue.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <string_view>

#include "review/access_policy.h"
#include "review/clue_detail.h"
#include "review/id_masking.h"
#include "review/json_writer.h"
#include "review/sql_params.h"

namespace xmatch::review {
namespace {

constexpr std::array<std::string_view, 4> kRules = {"deceased", "imprisoned", "pension_income",
                                                    "duplicate_enrollment"};
constexpr std::array<std::string_view, 6> kStatuses = {"new",       "verifying", "confirmed",
                                                       "dismissed", "rectified", "transferred"};

template <size_t N>
bool OneOf(const std::array<std::string_view, N>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

Status Bad(std::string_view param, std::string_view what) {
  return Status::InvalidArgument(std::string(param) + ": " + std::string(what));
}

std::optional<int> ParseInt(std::string_view text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// The sort's ORDER BY; id breaks ties so pages never overlap. The (code, created_at, id)
// indexes (schemas/sql/0007) serve the creation orders, also within a date range.
std::string OrderBy(QueueSort sort) {
  switch (sort) {
    case QueueSort::kCreatedDesc: return "c.created_at DESC, c.id DESC";
    case QueueSort::kCreatedAsc: return "c.created_at ASC, c.id ASC";
    case QueueSort::kAmountDesc: return "c.overpaid_amount DESC, c.id DESC";
    case QueueSort::kAmountAsc: return "c.overpaid_amount ASC, c.id ASC";
    case QueueSort::kPeriodsDesc: return "c.overpaid_periods DESC, c.id DESC";
  }
  return "c.created_at DESC, c.id DESC";
}

// The region part: a township filter inside the principal's region replaces the region
// predicate (it implies it), so that the township's own indexes answer alone.
std::string Region(const Principal& principal, const QueueQuery& q, SqlParams& params) {
  if (!q.township || !MayAccessTownship(principal, *q.township)) {
    std::string region = ClueVisibilityPredicate(principal, params);
    if (q.township) region += " AND c.township_code = " + params.Bind(*q.township);
    return region;
  }
  std::string region = "c.township_code = " + params.Bind(*q.township);
  if (principal.role == Role::kDisciplineLiaison) region += " AND c.status = 'transferred'";
  return region;
}

// The WHERE clause of both queue queries: access first, then the filters.
std::string Where(const Principal& principal, const QueueQuery& q, SqlParams& params) {
  std::string where = Region(principal, q, params);
  if (q.rule) where += " AND c.rule = " + params.Bind(*q.rule);
  // One status as an equality, so that a (code, status, sort key) index gives the order.
  if (q.statuses.size() == 1) where += " AND c.status = " + params.Bind(q.statuses[0]);
  if (q.statuses.size() > 1) where += " AND c.status = ANY(" + params.BindArray(q.statuses) + ")";
  if (q.min_amount) where += " AND c.overpaid_amount >= " + params.Bind(q.min_amount->ToString()) + "::numeric";
  if (q.max_amount) where += " AND c.overpaid_amount <= " + params.Bind(q.max_amount->ToString()) + "::numeric";
  if (q.from) {
    where += " AND c.created_at >= (" + params.Bind(q.from->ToString()) +
             "::date::timestamp AT TIME ZONE 'Asia/Shanghai')";
  }
  if (q.to) {
    where += " AND c.created_at < ((" + params.Bind(q.to->ToString()) +
             "::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')";
  }
  if (q.only_new) where += " AND c.first_run_id = (SELECT max(id) FROM match_runs WHERE status = 'succeeded')";
  return where;
}

// Whether the counts can come from clue_count_deltas: only filters on columns it keeps.
bool CountsFromSummary(const QueueQuery& q) {
  return !q.min_amount && !q.max_amount && !q.from && !q.to && !q.only_new;
}

// "total", "capped" and "counts"; past kCountCap clues for filters the summary cannot
// answer, "capped" is true and the counts are empty. The summary shares the clues' column
// names, so the same WHERE (access predicate included) selects its rows.
void WriteCounts(pqxx::transaction_base& tx, const Principal& principal,
                 const QueueQuery& query, JsonWriter& out) {
  SqlParams params;
  const std::string where = Where(principal, query, params);
  const bool from_summary = CountsFromSummary(query);
  std::string sql;
  if (from_summary) {
    sql = "SELECT c.status, c.rule, sum(c.n)::bigint FROM clue_count_deltas c WHERE " + where +
          " GROUP BY c.status, c.rule HAVING sum(c.n) <> 0";
  } else {
    // With a date range, the creation order makes the planner walk the range on the
    // (code, created_at) index; without it a seq scan may read half the table first, as
    // if the dates were spread evenly. Other filters go without: the order would make
    // the planner sort all matching rows.
    const std::string order =
        query.from || query.to ? " ORDER BY " + OrderBy(QueueSort::kCreatedDesc) : "";
    // The cap is written into the statement, not bound: PostgreSQL plans a prepared
    // statement once (a generic plan) only when it knows its LIMIT (see LoadQueue).
    sql = "SELECT c.status, c.rule, count(*) FROM (SELECT c.status, c.rule FROM clues c WHERE " +
          where + order + " LIMIT " + std::to_string(kCountCap + 1) +
          ") c GROUP BY c.status, c.rule";
  }
  std::map<std::string, int64_t, std::less<>> by_status, by_rule;
  int64_t total = 0;
  for (const pqxx::row& r : params.Exec(tx, sql)) {
    const int64_t n = r[2].as<int64_t>();
    total += n;
    by_status[r[0].c_str()] += n;
    by_rule[r[1].c_str()] += n;
  }
  const bool capped = !from_summary && total > kCountCap;
  // Counts of an arbitrary first part would mislead: only "more than kCountCap".
  out.Key("total").Int(capped ? kCountCap : total).Key("capped").Bool(capped);
  out.Key("counts").BeginObject();
  for (const auto& [name, counts] : {std::pair{"by_status", &by_status}, std::pair{"by_rule", &by_rule}}) {
    out.Key(name).BeginObject();
    if (!capped) {
      for (const auto& [key, n] : *counts) out.Key(key).Int(n);
    }
    out.EndObject();
  }
  out.EndObject();
}

}  // namespace

Result<QueueQuery> ParseQueueQuery(const std::map<std::string, std::string>& params) {
  QueueQuery q;
  auto get = [&](const char* name) -> std::optional<std::string> {
    auto it = params.find(name);
    if (it == params.end() || it->second.empty()) return std::nullopt;
    return it->second;
  };
  if (auto rule = get("rule")) {
    if (!OneOf(kRules, *rule)) return Bad("rule", "应为 deceased, imprisoned, pension_income, duplicate_enrollment 之一");
    q.rule = *rule;
  }
  if (auto statuses = get("status")) {
    std::string_view rest = *statuses;
    while (!rest.empty()) {
      const size_t comma = rest.find(',');
      const std::string_view one = rest.substr(0, comma);
      if (!OneOf(kStatuses, one)) {
        return Bad("status", "应为 new, verifying, confirmed, dismissed, rectified, transferred（可用逗号分隔多个）");
      }
      q.statuses.emplace_back(one);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
  }
  if (auto township = get("township")) {
    if (township->size() != 9 || !std::all_of(township->begin(), township->end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
      return Bad("township", "应为 9 位乡镇（街道）代码");
    }
    q.township = *township;
  }
  for (auto [name, target] : {std::pair{"min_amount", &q.min_amount}, std::pair{"max_amount", &q.max_amount}}) {
    if (auto text = get(name)) {
      Result<Money> amount = Money::Parse(*text);
      if (!amount.ok()) return Bad(name, "应为金额（元），如 1950.00");
      *target = *amount;
    }
  }
  for (auto [name, target] : {std::pair{"from", &q.from}, std::pair{"to", &q.to}}) {
    if (auto text = get(name)) {
      Result<Date> date = Date::Parse(*text);
      if (!date.ok()) return Bad(name, "应为日期 YYYY-MM-DD");
      *target = *date;
    }
  }
  if (auto only_new = get("new")) {
    if (*only_new != "1" && *only_new != "0") return Bad("new", "应为 1 或 0");
    q.only_new = *only_new == "1";
  }
  if (auto sort = get("sort")) {
    static const std::map<std::string, QueueSort, std::less<>> kSorts = {
        {"created_desc", QueueSort::kCreatedDesc}, {"created_asc", QueueSort::kCreatedAsc},
        {"amount_desc", QueueSort::kAmountDesc},   {"amount_asc", QueueSort::kAmountAsc},
        {"periods_desc", QueueSort::kPeriodsDesc}};
    auto it = kSorts.find(*sort);
    if (it == kSorts.end()) return Bad("sort", "应为 amount_desc, amount_asc, created_desc, created_asc, periods_desc 之一");
    q.sort = it->second;
  }
  if (auto page = get("page")) {
    std::optional<int> n = ParseInt(*page);
    if (!n || *n < 1 || *n > 1'000'000) return Bad("page", "应为从 1 开始的页码");
    q.page = *n;
  }
  if (auto size = get("page_size")) {
    std::optional<int> n = ParseInt(*size);
    if (!n || *n < 1 || *n > kMaxPageSize) return Bad("page_size", "应为 1 到 200 之间的整数");
    q.page_size = *n;
  }
  return q;
}

std::string LoadQueue(pqxx::transaction_base& tx, const Principal& principal,
                      const QueueQuery& query) {
  JsonWriter out;
  out.BeginObject().Key("page").Int(query.page).Key("page_size").Int(query.page_size);
  WriteCounts(tx, principal, query, out);
  SqlParams params;
  const std::string where = Where(principal, query, params);
  // LIMIT and OFFSET are part of the statement on the first kLiteralPages pages: when
  // they are bound, PostgreSQL cannot cost a generic plan and plans every execution anew
  // (0.9-1.3 ms against 0.36 ms for the whole first-page query on the load benchmark's
  // million clues). Both are integers formatted here (page_size is 1..kMaxPageSize),
  // never request text. Later pages bind their offset, so that paging far through the
  // queue does not prepare a statement per page on every connection.
  constexpr int kLiteralPages = 10;
  const std::string offset = std::to_string(static_cast<int64_t>(query.page - 1) * query.page_size);
  std::string limit = " LIMIT " + std::to_string(query.page_size);
  if (query.page > kLiteralPages) {
    limit += " OFFSET " + params.Bind(offset) + "::bigint";
  } else if (query.page > 1) {
    limit += " OFFSET " + offset;
  }
  // The first page reads its clues straight from the index walk. A later page picks its
  // ids from clues alone (index-only on (code, sort key, id) when only the region
  // restricts it) and then joins: the skipped rows cost no heap visit. On the first page
  // that second probe of clues by id would only add work (0.29 against 0.37 ms for the
  // whole query on the load benchmark's million clues). Either way the roll and region
  // names are joined for the rows of the page only.
  const std::string page_clues =
      query.page == 1
          ? "(SELECT c.id, c.rule, c.status, c.township_code, c.member_id, c.program, "
            "c.overpaid_periods, c.overpaid_amount, c.created_at, c.first_run_id "
            "FROM clues c WHERE " + where + " ORDER BY " + OrderBy(query.sort) + limit + ") c "
          : "(SELECT c.id FROM clues c WHERE " + where + " ORDER BY " + OrderBy(query.sort) +
                limit + ") page JOIN clues c ON c.id = page.id ";
  const pqxx::result rows = params.Exec(
      tx,
      "SELECT c.id, c.rule, c.status, c.township_code, c.member_id, m.name, m.id_number, "
      "c.program, c.overpaid_periods, c.overpaid_amount::text, "
      "to_char(c.created_at AT TIME ZONE 'Asia/Shanghai', " +
          std::string(kBeijingTimeFormat) +
          "), c.first_run_id = (SELECT max(id) FROM match_runs WHERE status = 'succeeded'), "
          "rt.name FROM " + page_clues +
          "LEFT JOIN roll_members m ON m.member_id = c.member_id "
          "LEFT JOIN regions rt ON rt.code = c.township_code ORDER BY " + OrderBy(query.sort));
  out.Key("items").BeginArray();
  for (const pqxx::row& r : rows) {
    out.BeginObject().Key("id").Int(r[0].as<int64_t>());
    out.Key("rule").String(r[1].c_str()).Key("status").String(r[2].c_str());
    out.Key("township_code").String(r[3].c_str());
    // The township's name (regions), else its code.
    out.Key("township_name").String(r[12].is_null() ? r[3].c_str() : r[12].c_str());
    out.Key("member_id").String(r[4].c_str());
    if (r[5].is_null()) {  // a clue whose roll row is gone
      out.Key("name").Null().Key("masked_id").Null();
    } else {
      out.Key("name").String(r[5].c_str()).Key("masked_id").String(MaskIdNumber(r[6].c_str()));
    }
    out.Key("program").String(r[7].c_str()).Key("overpaid_periods").Int(r[8].as<int>());
    out.Key("overpaid_amount").String(r[9].c_str()).Key("created_at").String(r[10].c_str());
    out.Key("is_new").Bool(!r[11].is_null() && r[11].as<bool>());
    out.EndObject();
  }
  out.EndArray().EndObject();
  return out.Take();
}

}  // namespace xmatch::review
