#include "review/metrics.h"

#include <sstream>
#include <vector>
#include <tuple>

#include "common/prometheus_text.h"
#include "review/operation_warnings.h"
#include "store/connection.h"

namespace xmatch::review {
namespace {

// Writes one metric family from a query whose last column is the value and whose other
// columns are the labels `labels`, in order.
void WriteFamily(std::ostringstream& out, pqxx::transaction_base& tx, const char* name,
                 const char* type, const char* help, const std::vector<const char*>& labels,
                 const std::string& sql) {
  out << PrometheusFamilyHeader(name, type, help);
  for (const pqxx::row& row : tx.exec(sql)) {
    out << name;
    if (!labels.empty()) {
      out << "{";
      for (size_t i = 0; i < labels.size(); ++i) {
        if (i) out << ",";
        out << PrometheusLabel(labels[i], row[static_cast<int>(i)].as<std::string>(""));
      }
      out << "}";
    }
    out << " " << row[static_cast<int>(labels.size())].as<std::string>("0") << "\n";
  }
}

}  // namespace

void RequestMetrics::Record(const std::string& method, const std::string& route, int status,
                            std::chrono::nanoseconds latency) {
  const double seconds = std::chrono::duration<double>(latency).count();
  std::lock_guard lock(mutex_);
  ++requests_[{method, route, status}];
  Histogram& h = latency_[{method, route}];
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) {
      ++h.buckets[i];
      break;
    }
  }
  ++h.count;
  h.sum_seconds += seconds;
}

std::string RequestMetrics::Render() const {
  std::ostringstream out;
  std::lock_guard lock(mutex_);
  out << "# HELP xmatch_http_requests_total Requests answered, by route and status.\n"
         "# TYPE xmatch_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    const auto& [method, route, status] = key;
    out << "xmatch_http_requests_total{" << PrometheusLabel("method", method) << ","
        << PrometheusLabel("route", route) << ",status=\"" << status << "\"} " << count << "\n";
  }
  out << "# HELP xmatch_http_request_duration_seconds Time to answer a request.\n"
         "# TYPE xmatch_http_request_duration_seconds histogram\n";
  for (const auto& [key, h] : latency_) {
    const std::string labels =
        PrometheusLabel("method", key.first) + "," + PrometheusLabel("route", key.second);
    long long cumulative = 0;
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += h.buckets[i];
      out << "xmatch_http_request_duration_seconds_bucket{" << labels << ",le=\"" << kBuckets[i]
          << "\"} " << cumulative << "\n";
    }
    out << "xmatch_http_request_duration_seconds_bucket{" << labels << ",le=\"+Inf\"} "
        << h.count << "\n";
    out << "xmatch_http_request_duration_seconds_sum{" << labels << "} " << h.sum_seconds << "\n";
    out << "xmatch_http_request_duration_seconds_count{" << labels << "} " << h.count << "\n";
  }
  return out.str();
}

Result<std::string> RenderDatabaseMetrics(pqxx::connection& conn) {
  std::ostringstream out;
  try {
    pqxx::read_transaction tx(conn);
    WriteFamily(out, tx, "xmatch_clues", "gauge", "Clues by rule and status.",
                {"rule", "status"},
                // The summary the queue counts from (0007): a few hundred rows, not the
                // clues table at every scrape.
                "SELECT rule, status, sum(n)::bigint FROM clue_count_deltas GROUP BY rule, status "
                "HAVING sum(n) <> 0 ORDER BY 1, 2");
    WriteFamily(out, tx, "xmatch_connector_rejects_total", "counter",
                "Department records rejected, by source and reason.", {"source", "reason"},
                "SELECT COALESCE(source, ''), reason_code, count(*) FROM rejects "
                "GROUP BY 1, 2 ORDER BY 1, 2");
    WriteFamily(out, tx, "xmatch_connector_dropped_fields_total", "counter",
                "Fields dropped because the agreement does not allow them.",
                {"agreement", "field"},
                "SELECT agreement_id, field, count FROM dropped_fields ORDER BY 1, 2");
    WriteFamily(out, tx, "xmatch_connector_next_offset", "gauge",
                "Next Kafka offset to consume, per consumer group, topic and partition.",
                {"group", "topic", "partition"},
                "SELECT consumer_group, topic, partition::text, next_offset FROM consumer_offsets "
                "ORDER BY 1, 2, 3");
    WriteFamily(out, tx, "xmatch_connector_offset_gaps_total", "counter",
                "Offset ranges found missing from the broker, per topic.", {"topic"},
                "SELECT topic, count(*) FROM offset_gaps GROUP BY 1 ORDER BY 1");
    WriteFamily(out, tx, "xmatch_match_runs_total", "counter", "Match runs by status.",
                {"status"}, "SELECT status, count(*) FROM match_runs GROUP BY 1 ORDER BY 1");
    WriteFamily(out, tx, "xmatch_match_last_success_timestamp_seconds", "gauge",
                "When the latest successful match run finished (Unix time).", {},
                "SELECT extract(epoch FROM max(finished_at))::bigint FROM match_runs "
                "WHERE status = 'succeeded' HAVING max(finished_at) IS NOT NULL");
    out << RenderWarningMetrics(tx);
  } catch (const std::exception& e) {
    return store::StatusFromPqxx(e, "reading metrics");
  }
  return out.str();
}

}  // namespace xmatch::review
