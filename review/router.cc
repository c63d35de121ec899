#include "review/router.h"

#include <algorithm>

namespace xmatch::review {
namespace {

// "/a/b/c" -> {"a", "b", "c"}; "/" -> {""}; "/a/" -> {"a", ""}.
std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> segments;
  path.remove_prefix(1);
  while (true) {
    size_t slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) return segments;
    path.remove_prefix(slash + 1);
  }
}

}  // namespace

Route Route::Public(std::string method, std::string pattern, PublicHandler handler) {
  Route route;
  route.method = std::move(method);
  route.pattern = std::move(pattern);
  route.access = Access::kPublic;
  route.public_handler = std::move(handler);
  return route;
}

Route Route::LoggedIn(std::string method, std::string pattern, Handler handler) {
  Route route;
  route.method = std::move(method);
  route.pattern = std::move(pattern);
  route.access = Access::kLoggedIn;
  route.handler = std::move(handler);
  return route;
}

Route Route::ForRoles(std::string method, std::string pattern, std::vector<Role> roles,
                      Handler handler) {
  Route route;
  route.method = std::move(method);
  route.pattern = std::move(pattern);
  route.access = Access::kRoles;
  route.roles = std::move(roles);
  route.handler = std::move(handler);
  return route;
}

bool Route::Allows(Role role) const {
  switch (access) {
    case Access::kPublic:
    case Access::kLoggedIn:
      return true;
    case Access::kRoles:
      return std::find(roles.begin(), roles.end(), role) != roles.end();
  }
  return false;
}

bool MatchPattern(std::string_view pattern, std::string_view path,
                  std::vector<std::string>* params) {
  params->clear();
  if (pattern.empty() || path.empty() || pattern[0] != '/' || path[0] != '/') return false;
  std::vector<std::string_view> want = Segments(pattern);
  std::vector<std::string_view> got = Segments(path);
  if (want.size() != got.size()) return false;
  for (size_t i = 0; i < want.size(); ++i) {
    if (want[i].size() >= 2 && want[i].front() == '{' && want[i].back() == '}') {
      if (got[i].empty()) return false;
      params->emplace_back(got[i]);
    } else if (want[i] != got[i]) {
      return false;
    }
  }
  return true;
}

RouteMatch Router::Match(std::string_view method, std::string_view path) const {
  RouteMatch result;
  std::vector<std::string> params;
  for (const Route& route : routes_) {
    if (!MatchPattern(route.pattern, path, &params)) continue;
    if (route.method == method || (method == "HEAD" && route.method == "GET")) {
      result.route = &route;
      result.path_params = std::move(params);
      result.method_not_allowed = false;
      result.allowed_methods.clear();
      return result;
    }
    result.method_not_allowed = true;
    if (!result.allowed_methods.empty()) result.allowed_methods += ", ";
    result.allowed_methods += route.method;
  }
  return result;
}

}  // namespace xmatch::review
