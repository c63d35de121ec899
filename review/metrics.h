// Metrics for /metrics, in the Prometheus text exposition format (version 0.0.4).
//
// RequestMetrics counts the server's own requests by route pattern and status and keeps
// a latency histogram per route; it lives as long as the server and is thread-safe.
// RenderDatabaseMetrics reads the gauges that live in PostgreSQL: clues by rule and
// status, the connectors' counters (rejects, dropped fields, consumer offsets, offset
// gaps), the match runs and the operation warnings (operation_warnings.h). Neither ever
// contains personal data.
#pragma once

#include <array>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <utility>

#include <pqxx/pqxx>

#include "common/result.h"

namespace xmatch::review {

class RequestMetrics {
 public:
  // `route` is the route's pattern ("/api/clues/{id}"), never the raw path, so that the
  // label set stays small.
  void Record(const std::string& method, const std::string& route, int status,
              std::chrono::nanoseconds latency);
  std::string Render() const;

 private:
  // Upper bounds of the latency buckets, seconds (+Inf is implicit).
  static constexpr std::array<double, 11> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,   0.25,   0.5,   1.0,  2.5};
  struct Histogram {
    std::array<long long, kBuckets.size()> buckets{};  // non-cumulative counts
    long long count = 0;
    double sum_seconds = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, long long> requests_;  // GUARDED_BY(mutex_)
  std::map<std::pair<std::string, std::string>, Histogram> latency_;         // GUARDED_BY(mutex_)
};

// The database gauges, rendered; Unavailable/Internal when the queries fail.
Result<std::string> RenderDatabaseMetrics(pqxx::connection& conn);

}  // namespace xmatch::review
