#include "review/review_app.h"

#include <openssl/crypto.h>

#include "common/logging.h"
#include "review/audit_log.h"
#include "review/health_handlers.h"

namespace xmatch::review {
namespace {

bool IsStateChanging(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

bool ConstantTimeEquals(const std::string& a, const std::string& b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string HeaderOf(const ApiRequest& request, const std::string& name) {
  auto it = request.headers.find(name);
  return it == request.headers.end() ? "" : it->second;
}

bool HasHeader(const ApiResponse& response, std::string_view name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return true;
  }
  return false;
}

void AddSecurityHeaders(const ApiRequest& request, ApiResponse& response) {
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("X-Frame-Options", "DENY");
  response.headers.emplace_back("Referrer-Policy", "no-referrer");
  // Intranet pages: nothing may load from anywhere but this server.
  response.headers.emplace_back(
      "Content-Security-Policy",
      "default-src 'self' 'unsafe-inline' data: blob:; frame-ancestors 'none'; form-action 'self'");
  // API answers hold personal data: no cache anywhere may keep them.
  if (request.path.starts_with("/api/") && !HasHeader(response, "Cache-Control")) {
    response.headers.emplace_back("Cache-Control", "no-store");
  }
}

}  // namespace

ReviewApp::ReviewApp(ConnectionPool& pool, ReviewAppOptions options, Clock clock,
                     const std::vector<EmbeddedFile>& web_files)
    : pool_(pool),
      options_(options),
      sessions_(clock, options.idle_timeout),
      throttle_(clock, options.login_throttle),
      assets_(web_files),
      auth_(std::make_unique<AuthHandlers>(pool, sessions_, throttle_, options.https,
                                           options.password_params)) {
  AuthHandlers* auth = auth_.get();
  router_.Add(Route::Public("GET", "/livez", [](const ApiRequest&) { return Livez(); }));
  router_.Add(Route::Public("GET", "/readyz", [this](const ApiRequest&) { return Readyz(pool_); }));
  router_.Add(Route::Public("GET", "/metrics",
                            [this](const ApiRequest&) {
                              return Metrics(pool_, metrics_, options_.extra_metrics);
                            }));
  router_.Add(Route::Public("POST", "/api/login",
                            [auth](const ApiRequest& r) { return auth->Login(r); }));
  router_.Add(Route::LoggedIn("POST", "/api/logout",
                              [auth](const RequestContext& c) { return auth->Logout(c); }));
  router_.Add(Route::LoggedIn("GET", "/api/me",
                              [auth](const RequestContext& c) { return auth->Me(c); }));
}

ApiResponse ReviewApp::Handle(ApiRequest request) {
  const auto started = std::chrono::steady_clock::now();
  std::string route_label = "unmatched";
  ApiResponse response;
  try {
    response = Dispatch(request, &route_label);
  } catch (const std::exception& e) {
    // A bug in a handler: the user gets a 500, the server keeps going.
    GetLogger("review")->error("{} {}: unexpected error: {}", request.method, route_label,
                               e.what());
    response = JsonError(500, "internal", "服务器内部错误，请联系信息科");
  }
  if (request.method == "HEAD") response.body.clear();
  AddSecurityHeaders(request, response);
  metrics_.Record(request.method, route_label, response.status,
                  std::chrono::steady_clock::now() - started);
  return response;
}

ApiResponse ReviewApp::Dispatch(ApiRequest& request, std::string* route_label) {
  RouteMatch match = router_.Match(request.method, request.path);
  if (match.route == nullptr) {
    if (match.method_not_allowed) {
      ApiResponse response = JsonError(405, "method_not_allowed",
                                       "该地址不支持 " + request.method + " 请求");
      response.headers.emplace_back("Allow", match.allowed_methods);
      return response;
    }
    if (!request.path.starts_with("/api/") &&
        (request.method == "GET" || request.method == "HEAD")) {
      *route_label = "static";
      return ServeWeb(request);
    }
    return JsonError(404, "not_found", "没有这个接口：" + request.path);
  }
  const Route& route = *match.route;
  *route_label = route.pattern;
  request.path_params = std::move(match.path_params);
  if (route.access == Access::kPublic) return route.public_handler(request);
  return CallWithSession(route, request);
}

ApiResponse ReviewApp::CallWithSession(const Route& route, const ApiRequest& request) {
  Result<ConnectionPool::Lease> lease = pool_.Acquire();
  if (!lease.ok()) {
    GetLogger("review")->error("{}", lease.status().message());
    return JsonError(503, "unavailable", "数据库暂时无法访问，请稍后再试");
  }
  pqxx::connection& conn = **lease;
  Result<std::optional<Principal>> principal = sessions_.Resume(conn, SessionTokenOf(request));
  if (!principal.ok()) {
    GetLogger("review")->error("{}", principal.status().message());
    return JsonError(503, "unavailable", "数据库暂时无法访问，请稍后再试");
  }
  if (!*principal) return JsonError(401, "unauthenticated", "请先登录（或登录已超时）");
  const Principal& who = **principal;

  if (IsStateChanging(request.method) &&
      !ConstantTimeEquals(HeaderOf(request, "x-csrf-token"), who.csrf_token)) {
    GetLogger("review")->warn("{} {} by {}: missing or wrong X-CSRF-Token", request.method,
                              route.pattern, who.username);
    return JsonError(403, "csrf", "页面已过期，请刷新页面后重试");
  }
  if (!route.Allows(who.role)) {
    AuditEntry entry;
    entry.actor = who.username;
    entry.actor_role = std::string(RoleName(who.role));
    entry.action = "access_denied";
    entry.object_type = "route";
    entry.object_id = request.method + " " + route.pattern;
    entry.details = {{"path", request.path}, {"reason", "role"}};
    Status audited = AppendAuditAlone(conn, entry);
    if (!audited.ok()) GetLogger("review")->error("audit access_denied: {}", audited.message());
    return JsonError(403, "forbidden", "您的角色无权访问此功能");
  }
  RequestContext ctx{request, who, conn};
  return route.handler(ctx);
}

ApiResponse ReviewApp::ServeWeb(const ApiRequest& request) {
  std::string path = request.path.substr(1);
  if (path.empty()) {
    // "/" is the queue for a logged-in user and the login page for anyone else.
    path = "index.html";
    if (assets_.Has("login.html")) {
      bool logged_in = false;
      if (Result<ConnectionPool::Lease> lease = pool_.Acquire(); lease.ok()) {
        Result<std::optional<Principal>> who = sessions_.Resume(**lease, SessionTokenOf(request));
        logged_in = who.ok() && who->has_value();
      }
      if (!logged_in) path = "login.html";
    }
  }
  return assets_.Serve(path, HeaderOf(request, "if-none-match"));
}

}  // namespace xmatch::review
