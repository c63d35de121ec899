// Router: the review server's route table and its matching. A route is a method, a path
// pattern whose "{name}" segments match one non-empty segment each, who may call it, and
// the function that answers. Matching is a pure function of (method, path); the access
// checks themselves are the server's (review/review_app.h). Immutable once built;
// safe to share between threads.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "review/api_types.h"
#include "review/principal.h"
#include "review/request_context.h"

namespace xmatch::review {

// Who may call a route.
enum class Access {
  kPublic,    // anyone, no session needed (login, health, metrics, static files)
  kLoggedIn,  // any logged-in user (logout, me)
  kRoles,     // logged-in users whose role is in Route::roles
};

using PublicHandler = std::function<ApiResponse(const ApiRequest&)>;

struct Route {
  std::string method;
  std::string pattern;           // "/api/clues/{id}/actions"
  Access access = Access::kRoles;
  std::vector<Role> roles;       // for Access::kRoles
  PublicHandler public_handler;  // for Access::kPublic
  Handler handler;               // for kLoggedIn and kRoles

  static Route Public(std::string method, std::string pattern, PublicHandler handler);
  static Route LoggedIn(std::string method, std::string pattern, Handler handler);
  static Route ForRoles(std::string method, std::string pattern, std::vector<Role> roles,
                        Handler handler);

  bool Allows(Role role) const;
};

struct RouteMatch {
  const Route* route = nullptr;          // null: nothing matched
  std::vector<std::string> path_params;  // what the {placeholders} matched, in order
  bool method_not_allowed = false;       // the path matched, but under another method
  std::string allowed_methods;           // "GET, POST" when method_not_allowed
};

class Router {
 public:
  void Add(Route route) { routes_.push_back(std::move(route)); }
  RouteMatch Match(std::string_view method, std::string_view path) const;

 private:
  std::vector<Route> routes_;
};

// Whether `pattern` matches `path`; fills `params` with the placeholder values.
bool MatchPattern(std::string_view pattern, std::string_view path,
                  std::vector<std::string>* params);

}  // namespace xmatch::review
