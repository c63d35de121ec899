// The names of division codes for the pages, the report and the ledger, read from the
// `regions` table (schemas/sql/0012_regions.sql; filled by `xmatch regions import` and the
// demo). A code without a row has no name: callers show the code itself.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

namespace xmatch::review {

struct RegionNames {
  std::map<std::string, std::string> names;       // code -> name, known codes only
  std::map<std::string, std::string> city_names;  // county code -> its city (county rows)

  std::optional<std::string> NameOf(const std::string& code) const;
  // The name, or the code itself when it has none.
  std::string NameOrCode(const std::string& code) const;
  // The prefecture-level city of a county code (6 digits or more: its first 6 are used):
  // the county row's city_name, else the name of the city's own code (first 4 digits and
  // 00), else nothing.
  std::optional<std::string> CityOf(const std::string& code) const;
};

// The city code of a region code: its first 4 digits and "00" (411222100001 -> 411200).
std::string CityCodeOf(const std::string& region_code);

// The names of `codes` (digit strings; anything else is skipped), with the county and
// city codes above each code so that CityOf answers: one primary-key lookup per code.
RegionNames LoadRegionNames(pqxx::transaction_base& tx, const std::vector<std::string>& codes);

// SQL for the 省辖市 text of clue alias `c` given LEFT JOINs `regions rk ON rk.code =
// c.county_code` and `regions ry ON ry.code = substr(c.county_code, 1, 4) || '00'`.
inline constexpr char kCityNameSql[] =
    "coalesce(rk.city_name, ry.name, substr(c.county_code, 1, 4) || '00')";
inline constexpr char kCityJoinsSql[] =
    " LEFT JOIN regions rk ON rk.code = c.county_code"
    " LEFT JOIN regions ry ON ry.code = substr(c.county_code, 1, 4) || '00'";

}  // namespace xmatch::review
