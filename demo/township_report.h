// PrintTownshipReport: the demo's closing table — the clues that hold evidence in each
// township of the county, by rule, with the township's name (the matcher's own summary
// knows only codes) and the overpaid amount. Personal data: none, only counts and sums.
#pragma once

#include <ostream>

#include <pqxx/pqxx>

#include "common/status.h"
#include "demo/divisions.h"

namespace xmatch::demo {

// Unavailable/Internal from the database; `conn` must have no transaction open.
Status PrintTownshipReport(pqxx::connection& conn, const County& county, std::ostream& out);

}  // namespace xmatch::demo
