#include "matcher/run/change_scope.h"

#include <algorithm>

#include "store/connection.h"

namespace xmatch::matcher {
namespace {

// Death evidence (rules/deceased.h), written as in the partial index
// dept_records_death_date so the planner uses it.
constexpr const char* kIsDeathEvidence =
    "(kind IN ('death', 'death_certificate') "
    "OR (kind IN ('deregistration', 'pension_stop') AND reason = 'death'))";

// The last month whose every day is on or before `day`.
Month LastWholeMonth(Date day) {
  const Month m = day.month_of();
  return day == m.last_day() ? m : Month::FromIndex(m.index() - 1);
}

}  // namespace

Status ResetScopeTables(pqxx::transaction_base& tx) {
  try {
    tx.exec0(
        "CREATE TEMP TABLE IF NOT EXISTS match_persons (id_token text PRIMARY KEY, "
        "token_key bigint NOT NULL)");
    tx.exec0("CREATE TEMP TABLE IF NOT EXISTS match_members (member_id text PRIMARY KEY)");
    tx.exec0("TRUNCATE match_persons, match_members");
    return Status::Ok();
  } catch (const std::exception& e) {
    return store::StatusFromPqxx(e, "preparing the incremental scope");
  }
}

Result<ChangeScope> BuildChangeScope(pqxx::transaction_base& tx, const Watermark& since, Date run_date,
                                     const Shard& shard) {
  ChangeScope scope;
  const Date lo = std::min(since.run_date, run_date);
  const Date hi = std::max(since.run_date, run_date);
  try {
    scope.needs_full =
        tx.exec_params1("SELECT EXISTS (SELECT 1 FROM match_changes "
                        "WHERE everything AND change_xid >= $1::xid8)",
                        since.snapshot_xmin)[0]
            .as<bool>();
    if (scope.needs_full) return scope;

    std::string people =
        "SELECT id_token FROM roll_members WHERE change_xid >= $1::xid8 "
        "UNION SELECT r.id_token FROM payments p JOIN roll_members r USING (member_id) "
        "  WHERE p.change_xid >= $1::xid8 "
        "UNION SELECT id_token FROM dept_records WHERE change_xid >= $1::xid8 "
        "UNION SELECT id_token FROM match_changes "
        "  WHERE change_xid >= $1::xid8 AND id_token IS NOT NULL "
        "UNION SELECT r.id_token FROM match_changes c JOIN roll_members r USING (member_id) "
        "  WHERE c.change_xid >= $1::xid8 "
        "UNION SELECT id_token FROM dept_records WHERE " +
        std::string(kIsDeathEvidence) +
        "  AND event_date >= $2::date - 90 AND event_date < $3::date - 90 ";
    if (LastWholeMonth(lo) != LastWholeMonth(hi)) {
      people +=
          "UNION SELECT id_token FROM dept_records "
          "  WHERE kind = 'detention' AND end_date IS NULL AND event_date <= $3::date "
          "UNION SELECT i.id_token FROM dept_records i "
          "  WHERE i.kind = 'imprisonment' AND i.event_date <= $3::date AND NOT EXISTS ("
          "    SELECT 1 FROM dept_records r WHERE r.token_key = i.token_key "
          "    AND r.id_token = i.id_token "
          "    AND r.kind = 'release' AND r.event_date >= i.event_date)";
    }
    std::string insert =
        "INSERT INTO match_persons SELECT p.id_token, p.token_key FROM (SELECT id_token, "
        "xmatch_token_key(id_token) AS token_key FROM (" + people + ") u) p "
        "WHERE EXISTS (SELECT 1 FROM roll_members r WHERE r.token_key = p.token_key "
        "AND r.id_token = p.id_token)";
    if (shard.sharded()) insert += " AND " + shard.range().Sql("p.token_key");
    scope.people =
        tx.exec_params(insert, since.snapshot_xmin, lo.ToString(), hi.ToString()).affected_rows();
    scope.members =
        tx.exec_params("INSERT INTO match_members "
                       "SELECT member_id FROM roll_members WHERE " + std::string(kPersonInScope) +
                       " UNION SELECT member_id FROM match_changes "
                       "  WHERE change_xid >= $1::xid8 AND member_id IS NOT NULL",
                       since.snapshot_xmin)
            .affected_rows();
    tx.exec0("ANALYZE match_persons");
    tx.exec0("ANALYZE match_members");
  } catch (const std::exception& e) {
    return store::StatusFromPqxx(e, "finding what changed since the previous run");
  }
  return scope;
}

}  // namespace xmatch::matcher
