#include "matcher/run/shard.h"

#include <charconv>

namespace xmatch::matcher {
namespace {

using Wide = unsigned __int128;

// A positive decimal number, or 0 when `text` is not one.
int ParsePositive(std::string_view text) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 1) return 0;
  return value;
}

}  // namespace

TokenKeyRange TokenKeyRange::Part(uint64_t i, uint64_t n) const {
  const uint64_t base = static_cast<uint64_t>(first);
  const Wide width = Wide{static_cast<uint64_t>(last) - base} + 1;
  const auto bound = [&](uint64_t k) { return static_cast<uint64_t>(width * k / n); };
  return TokenKeyRange{static_cast<int64_t>(base + bound(i)),
                       static_cast<int64_t>(base + bound(i + 1) - 1)};
}

std::string TokenKeyRange::Sql(std::string_view column) const {
  return std::string(column) + " BETWEEN " + std::to_string(first) + " AND " +
         std::to_string(last);
}

std::string Shard::OwnsClueSql(std::string_view column) const {
  if (!sharded()) return "true";
  std::string owns = "(" + range().Sql(column);
  if (index == 1) owns += " OR " + std::string(column) + " IS NULL";
  return owns + ")";
}

Result<Shard> Shard::Parse(std::string_view text) {
  const size_t slash = text.find('/');
  const int k = slash == std::string_view::npos ? 0 : ParsePositive(text.substr(0, slash));
  const int n = slash == std::string_view::npos ? 0 : ParsePositive(text.substr(slash + 1));
  if (k == 0 || n == 0 || k > n) {
    return Status::InvalidArgument(
        "shard '" + std::string(text) +
        "' is not K/N with 1 <= K <= N (e.g. 1/2 and 2/2 for two processes)");
  }
  return Shard{k, n};
}

}  // namespace xmatch::matcher
