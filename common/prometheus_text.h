// Pieces of the Prometheus text exposition format (version 0.0.4) that more than one
// module writes: /metrics is assembled from the review server's request counters, the
// database gauges and the connectors' in-process counters (connectors/connector_stats.h).
#pragma once

#include <string>
#include <string_view>

namespace xmatch {

// A label value escaped for the text format (backslash, double quote, newline).
std::string EscapeLabelValue(std::string_view value);

// `name="value"`, the value escaped.
std::string PrometheusLabel(std::string_view name, std::string_view value);

// The `# HELP` and `# TYPE` lines that open a metric family.
std::string PrometheusFamilyHeader(std::string_view name, std::string_view type,
                                   std::string_view help);

}  // namespace xmatch
