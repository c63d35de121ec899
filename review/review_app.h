// ReviewApp: the review server as one plain function, ApiRequest -> ApiResponse, with no
// sockets in sight (review/http_server.h moves the bytes). For every request it matches
// the route (review/router.h); for routes behind a login it resumes the session from the
// `xm_session` cookie (401 without one), checks the X-CSRF-Token header of every POST
// (403 `csrf`) and the role the route allows (403 `forbidden` + audit `access_denied`),
// then calls the handler with its own pooled connection. Anything not under /api/ is a
// page or file from review/web. Every answer carries the security headers, and is
// counted in the metrics. A handler that throws gets a 500, never a crash.
//
// Owns the router, the session store, the login throttle and the metrics; borrows the
// connection pool. Handle() is thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "review/api_types.h"
#include "review/auth_handlers.h"
#include "review/clock.h"
#include "review/connection_pool.h"
#include "review/login_throttle.h"
#include "review/metrics.h"
#include "review/password_hash.h"
#include "review/router.h"
#include "review/session_store.h"
#include "review/static_assets.h"

namespace xmatch::review {

struct ReviewAppOptions {
  bool https = false;  // session cookies get `Secure`
  std::chrono::seconds idle_timeout = std::chrono::minutes(30);
  LoginThrottleOptions login_throttle;
  // Work factor of the stand-in hash checked for unknown user names (so they take as
  // long as a wrong password); match what `xmatch users add` uses.
  ScryptParams password_params;
  // More metric families for /metrics, in the text format (e.g. the connectors that
  // `xmatch serve` runs); called on every scrape, from any thread.
  std::function<std::string()> extra_metrics;
};

class ReviewApp {
 public:
  // Registers the built-in routes: login, logout, me, /livez, /readyz, /metrics. The API
  // routes of review/API.md are added by AddApiRoutes (review/api_routes.h).
  ReviewApp(ConnectionPool& pool, ReviewAppOptions options, Clock clock = SystemClock(),
            const std::vector<EmbeddedFile>& web_files = ReviewWebFiles());

  Router& router() { return router_; }
  ApiResponse Handle(ApiRequest request);

 private:
  // The answer before the headers every response gets; `route_label` names the route
  // for the metrics.
  ApiResponse Dispatch(ApiRequest& request, std::string* route_label);
  ApiResponse ServeWeb(const ApiRequest& request);
  ApiResponse CallWithSession(const Route& route, const ApiRequest& request);

  ConnectionPool& pool_;
  ReviewAppOptions options_;
  SessionStore sessions_;
  LoginThrottle throttle_;
  RequestMetrics metrics_;
  StaticAssets assets_;
  std::unique_ptr<AuthHandlers> auth_;
  Router router_;
};

}  // namespace xmatch::review
