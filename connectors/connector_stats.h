// Counters of `xmatch connect`, per topic, for `--stats`, the tests and `/metrics` of
// `xmatch serve`. Only batches that were committed are counted, so after a rebalance or
// a retry nothing counts twice.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace xmatch::connectors {

struct TopicStats {
  int64_t received = 0;        // messages in committed batches
  int64_t landed = 0;          // new dept_records rows
  int64_t duplicates = 0;      // valid records whose record_id was already stored
  std::map<std::string, int64_t> rejected;  // by reason code (connectors/reject.h)
  int64_t dropped_fields = 0;  // fields the agreements did not allow, in landed records
  int64_t gaps = 0;            // offset ranges found missing on the broker (offset_gaps rows)
  int64_t gap_offsets = 0;     // offsets in those ranges
  std::optional<int64_t> lag;  // end offsets minus the group's stored offsets, at exit
  std::optional<int64_t> newest_event_ms;  // newest Kafka message timestamp landed (ms since epoch)

  int64_t rejected_total() const;
  void Merge(const TopicStats& other);  // sums counters, keeps the newest timestamp and other's lag
};

// topic -> counters. Plain text, one block per topic:
//   topic public_security.records
//     received              1200
//     landed                1180
//     ...
//     rejected.bad_id       3
std::string FormatStats(const std::map<std::string, TopicStats>& by_topic);

// The same counters as Prometheus metric families, labelled by topic (counters since the
// process started; the lag and the newest event time as gauges, absent while unknown).
std::string FormatPrometheus(const std::map<std::string, TopicStats>& by_topic);

// The counters of a running connector as other threads see them: the connector
// publishes a copy after every committed batch and every lag reading; /metrics takes a
// snapshot. Thread-safe; owned by whoever runs the connector, borrowed by it.
class LiveStats {
 public:
  void Publish(const std::map<std::string, TopicStats>& by_topic);
  std::map<std::string, TopicStats> Snapshot() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, TopicStats> by_topic_;  // GUARDED_BY(mutex_)
};

}  // namespace xmatch::connectors
