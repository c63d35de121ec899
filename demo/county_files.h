// The files a generated county is handed over in, under one directory:
//   roll.csv, payments.csv           CONTRACT §1.1 and §1.2, for `xmatch roll/payments import`
//   <source>.jsonl                   CONTRACT §1.3, one record per line, per department
//   planted.csv                      rule,member_id,raises_clue,what: what the match must find
// Writing is all or nothing per file (written beside, then renamed).
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "demo/county_data.h"

namespace xmatch::demo {

Status WriteCountyFiles(const CountyData& data, const std::string& dir);

// The department files WriteCountyFiles writes, as (source, path) pairs.
std::vector<std::pair<std::string, std::string>> FeedFiles(const std::string& dir);

}  // namespace xmatch::demo
