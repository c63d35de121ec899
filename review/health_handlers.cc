#include "review/health_handlers.h"

#include "common/logging.h"
#include "store/migrations.h"

namespace xmatch::review {
namespace {

constexpr auto kHealthWait = std::chrono::seconds(2);

}  // namespace

ApiResponse Livez() { return JsonResponse({{"status", "ok"}}); }

ApiResponse Readyz(ConnectionPool& pool) {
  Result<ConnectionPool::Lease> lease = pool.Acquire(kHealthWait);
  if (!lease.ok()) {
    return JsonResponse({{"status", "not_ready"}, {"problem", lease.status().message()}}, 503);
  }
  Status schema = store::CheckSchemaVersion(**lease);
  if (!schema.ok()) {
    return JsonResponse({{"status", "not_ready"}, {"problem", schema.message()}}, 503);
  }
  return JsonResponse({{"status", "ready"}, {"schema_version", store::LatestSchemaVersion()}});
}

ApiResponse Metrics(ConnectionPool& pool, const RequestMetrics& request_metrics,
                    const std::function<std::string()>& extra) {
  ApiResponse response;
  response.content_type = "text/plain; version=0.0.4; charset=utf-8";
  response.body = request_metrics.Render();
  Result<std::string> database = Status::Unavailable("no connection");
  if (Result<ConnectionPool::Lease> lease = pool.Acquire(kHealthWait); lease.ok()) {
    database = RenderDatabaseMetrics(**lease);
  } else {
    database = lease.status();
  }
  response.body += "# HELP xmatch_database_up Whether /metrics could read the database.\n"
                   "# TYPE xmatch_database_up gauge\n";
  if (database.ok()) {
    response.body += "xmatch_database_up 1\n" + *database;
  } else {
    GetLogger("review")->warn("metrics: {}", database.status().message());
    response.body += "xmatch_database_up 0\n";
  }
  if (extra) response.body += extra();
  return response;
}

}  // namespace xmatch::review
