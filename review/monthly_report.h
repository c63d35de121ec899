// The monthly report per township (GET /api/reports/monthly): for the clues raised in a
// month (Beijing time), per township the counts by rule and by status, the overpaid and
// recovered amounts, and the overdue rectifications. Every rule and status appears, with
// 0 when there is nothing, so an empty township and month gives a zero report (零报告).
//
// Overdue: a rectified clue whose 整治时限 (deadline) has passed while less than the
// overpaid amount has been recovered.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "common/date.h"
#include "review/principal.h"

namespace xmatch::review {

// {"month", "townships": [{"township_code", "township_name", "total", "by_rule",
//   "by_status", "overpaid_amount", "recovered_amount", "overdue", "zero_report"}],
//  "totals": {...same figures...}}
// With `township` the report holds exactly that township (the caller has checked it is
// in the principal's region); without, every township with clues the principal may see,
// plus a zero line for each of the principal's own township codes without any.
// `today` decides what is overdue.
nlohmann::json LoadMonthlyReport(pqxx::transaction_base& tx, const Principal& principal,
                                 const std::optional<std::string>& township, Month month,
                                 Date today);

}  // namespace xmatch::review
