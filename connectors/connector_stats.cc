#include "connectors/connector_stats.h"

#include <algorithm>
#include <chrono>
#include <ctime>

#include <fmt/format.h>

#include "common/prometheus_text.h"

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

// One family, one sample per topic that has a value.
template <typename ValueOf>
void WriteFamily(std::string& out, const std::map<std::string, TopicStats>& by_topic,
                 const char* name, const char* type, const char* help, ValueOf value_of) {
  out += PrometheusFamilyHeader(name, type, help);
  for (const auto& [topic, stats] : by_topic) {
    const std::optional<std::string> value = value_of(stats);
    if (value) out += fmt::format("{}{{{}}} {}\n", name, PrometheusLabel("topic", topic), *value);
  }
}

std::optional<std::string> Count(int64_t n) { return std::to_string(n); }

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

std::string FormatPrometheus(const std::map<std::string, TopicStats>& by_topic) {
  std::string out;
  WriteFamily(out, by_topic, "xmatch_connector_received_total", "counter",
              "Messages received in committed batches, per topic, since start.",
              [](const TopicStats& s) { return Count(s.received); });
  WriteFamily(out, by_topic, "xmatch_connector_landed_total", "counter",
              "New department records landed, per topic, since start.",
              [](const TopicStats& s) { return Count(s.landed); });
  WriteFamily(out, by_topic, "xmatch_connector_duplicates_total", "counter",
              "Valid records whose record_id was already stored, per topic, since start.",
              [](const TopicStats& s) { return Count(s.duplicates); });
  out += PrometheusFamilyHeader("xmatch_connector_rejected_total", "counter",
                                "Messages rejected, per topic and reason, since start.");
  for (const auto& [topic, stats] : by_topic) {
    for (const auto& [reason, n] : stats.rejected) {
      out += fmt::format("xmatch_connector_rejected_total{{{},{}}} {}\n",
                         PrometheusLabel("topic", topic), PrometheusLabel("reason", reason), n);
    }
  }
  WriteFamily(out, by_topic, "xmatch_connector_fields_dropped_total", "counter",
              "Fields the agreements did not allow, dropped from landed records, since start.",
              [](const TopicStats& s) { return Count(s.dropped_fields); });
  WriteFamily(out, by_topic, "xmatch_connector_offset_gaps_found_total", "counter",
              "Offset ranges found missing on the broker, per topic, since start.",
              [](const TopicStats& s) { return Count(s.gaps); });
  WriteFamily(out, by_topic, "xmatch_connector_consumer_lag", "gauge",
              "Messages on the broker not yet landed: end offsets minus stored offsets.",
              [](const TopicStats& s) {
                return s.lag ? std::optional(std::to_string(*s.lag)) : std::nullopt;
              });
  WriteFamily(out, by_topic, "xmatch_connector_newest_event_timestamp_seconds", "gauge",
              "Kafka timestamp of the newest message landed (the source's data-as-of).",
              [](const TopicStats& s) {
                return s.newest_event_ms
                           ? std::optional(fmt::format("{:.3f}", *s.newest_event_ms / 1000.0))
                           : std::nullopt;
              });
  return out;
}

void LiveStats::Publish(const std::map<std::string, TopicStats>& by_topic) {
  std::lock_guard lock(mutex_);
  by_topic_ = by_topic;
}

std::map<std::string, TopicStats> LiveStats::Snapshot() const {
  std::lock_guard lock(mutex_);
  return by_topic_;
}

}  // namespace xmatch::connectors
