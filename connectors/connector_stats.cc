#include "connectors/connector_stats.h"

#include <algorithm>
#include <chrono>
#include <ctime>

#include <fmt/format.h>

namespace xmatch::connectors {
namespace {

std::string UtcTime(int64_t ms) {
  const std::time_t seconds = ms / 1000;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
  return fmt::format("{}.{:03}Z", text, ms % 1000);
}

}  // namespace

int64_t TopicStats::rejected_total() const {
  int64_t total = 0;
  for (const auto& [reason, n] : rejected) total += n;
  return total;
}

void TopicStats::Merge(const TopicStats& other) {
  received += other.received;
  landed += other.landed;
  duplicates += other.duplicates;
  for (const auto& [reason, n] : other.rejected) rejected[reason] += n;
  dropped_fields += other.dropped_fields;
  gaps += other.gaps;
  gap_offsets += other.gap_offsets;
  if (other.lag) lag = other.lag;
  if (other.newest_event_ms) {
    newest_event_ms = std::max(newest_event_ms.value_or(*other.newest_event_ms),
                               *other.newest_event_ms);
  }
}

std::string FormatStats(const std::map<std::string, TopicStats>& by_topic) {
  std::string out;
  auto line = [&out](std::string_view key, const std::string& value) {
    out += fmt::format("  {:<22}{}\n", key, value);
  };
  for (const auto& [topic, s] : by_topic) {
    out += "topic " + topic + "\n";
    line("received", std::to_string(s.received));
    line("landed", std::to_string(s.landed));
    line("duplicates", std::to_string(s.duplicates));
    line("rejected", std::to_string(s.rejected_total()));
    for (const auto& [reason, n] : s.rejected) line("rejected." + reason, std::to_string(n));
    line("dropped_fields", std::to_string(s.dropped_fields));
    line("offset_gaps", std::to_string(s.gaps));
    line("offsets_missing", std::to_string(s.gap_offsets));
    line("consumer_lag", s.lag ? std::to_string(*s.lag) : "unknown");
    line("newest_event_landed", s.newest_event_ms ? UtcTime(*s.newest_event_ms) : "none");
  }
  return out;
}

}  // namespace xmatch::connectors
