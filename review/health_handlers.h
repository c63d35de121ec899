// The operations endpoints: /livez (the process answers; touches nothing), /readyz (the
// database answers and its schema is the one this binary expects) and /metrics
// (Prometheus text: the server's requests plus the database gauges of review/metrics.h).
// None needs a login and none shows personal data. Borrow the pool and the metrics.
#pragma once

#include <functional>
#include <string>

#include "review/api_types.h"
#include "review/connection_pool.h"
#include "review/metrics.h"

namespace xmatch::review {

ApiResponse Livez();
ApiResponse Readyz(ConnectionPool& pool);
// When the database cannot be read the request figures are still served, with
// xmatch_database_up 0. `extra`, when set, adds families of its own (ReviewAppOptions).
ApiResponse Metrics(ConnectionPool& pool, const RequestMetrics& request_metrics,
                    const std::function<std::string()>& extra);

}  // namespace xmatch::review
