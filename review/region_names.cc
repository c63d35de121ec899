#include "review/region_names.h"

#include <algorithm>
#include <set>

#include "review/sql_params.h"

namespace xmatch::review {
namespace {

bool AllDigits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::optional<std::string> RegionNames::NameOf(const std::string& code) const {
  auto it = names.find(code);
  if (it == names.end()) return std::nullopt;
  return it->second;
}

std::string RegionNames::NameOrCode(const std::string& code) const {
  return NameOf(code).value_or(code);
}

std::optional<std::string> RegionNames::CityOf(const std::string& code) const {
  if (code.size() < 6) return std::nullopt;
  auto it = city_names.find(code.substr(0, 6));
  if (it != city_names.end()) return it->second;
  return NameOf(CityCodeOf(code));
}

std::string CityCodeOf(const std::string& region_code) {
  return region_code.substr(0, std::min<size_t>(4, region_code.size())) + "00";
}

RegionNames LoadRegionNames(pqxx::transaction_base& tx, const std::vector<std::string>& codes) {
  std::set<std::string> wanted;
  for (const std::string& code : codes) {
    if (!AllDigits(code) || code.size() > 12) continue;
    wanted.insert(code);
    if (code.size() >= 6) {
      wanted.insert(code.substr(0, 6));
      wanted.insert(CityCodeOf(code));
    }
  }
  RegionNames out;
  if (wanted.empty()) return out;
  SqlParams params;
  const std::string list = params.BindArray(std::vector<std::string>(wanted.begin(), wanted.end()));
  for (const pqxx::row& r : params.Exec(
           tx, "SELECT code, name, city_name FROM regions WHERE code = ANY(" + list + ")")) {
    out.names.emplace(r[0].c_str(), r[1].c_str());
    if (!r[2].is_null()) out.city_names.emplace(r[0].c_str(), r[2].c_str());
  }
  return out;
}

}  // namespace xmatch::review
