#include "matcher/clue.h"

#include <algorithm>
#include <array>
#include <tuple>

namespace xmatch::matcher {

std::string_view RuleName(Rule rule) {
  static constexpr std::array<std::string_view, 4> kNames = {
      "deceased", "imprisoned", "pension_income", "duplicate_enrollment"};
  return kNames[static_cast<size_t>(rule)];
}

std::string MakeClueKey(Rule rule, std::span<const std::string_view> parts) {
  std::string key(RuleName(rule));
  for (std::string_view part : parts) {
    key += ':';
    for (char c : part) {
      if (c == ':' || c == '\\') key += '\\';
      key += c;
    }
  }
  return key;
}

void SortRecords(const DeptRecordTable& records, std::vector<uint32_t>* indices) {
  std::sort(indices->begin(), indices->end(), [&](uint32_t a, uint32_t b) {
    return std::forward_as_tuple(records[a].source(), records[a].record_id, a) <
           std::forward_as_tuple(records[b].source(), records[b].record_id, b);
  });
  indices->erase(std::unique(indices->begin(), indices->end()), indices->end());
}

}  // namespace xmatch::matcher
