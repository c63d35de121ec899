// The names of division codes in the `regions` table (schemas/sql/0012_regions.sql),
// which the review pages and the ledger show instead of the codes.
//
// ImportRegions: `xmatch regions import FILE.csv`. The file is UTF-8 CSV (CsvReader) with
// the header `code,name`:
//
//   code,name
//   411200,三门峡市
//   411203,陕州区
//   411203001,甘棠街道
//   411203001200,尤家湾村委会
//
//  - code: 6 digits (county or city), 9 (township) or 12 (village);
//  - name: 1..120 bytes, no control characters, not blank;
//  - a code twice in the file is an error.
// Every row is validated first; then all rows are upserted by code in one transaction:
// a new code is inserted, a changed name updated, an identical row left alone. All rows
// or none: on any error the table is unchanged. A county row's city_name (set by the
// demo) is kept by an import that names the county again.
//
// Errors: InvalidArgument listing up to options.max_listed_errors errors as
// "FILE: N errors, nothing was imported: line N, column: rule"; IoError if the file
// cannot be read; Unavailable/Internal for database errors. `conn` must not have a
// transaction open.
#pragma once

#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "common/result.h"
#include "rolls/import.h"

namespace xmatch::rolls {

struct RegionName {
  std::string code;       // 6, 9 or 12 digits
  std::string name;       // 陕州区, 甘棠街道, 尤家湾村委会
  std::string city_name;  // county rows only, may be empty: 三门峡市 (the ledger's 省辖市)
};

Result<ImportReport> ImportRegions(pqxx::connection& conn, const std::string& path,
                                   const ImportOptions& options = {});

// Upserts `regions` as ImportRegions does (same checks; an empty city_name keeps the
// stored one). For callers that have the names already (the demo's counties.json).
// InvalidArgument naming the first bad entry and writing nothing.
Result<ImportReport> UpsertRegions(pqxx::connection& conn, const std::vector<RegionName>& regions);

}  // namespace xmatch::rolls
