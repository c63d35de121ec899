// The login, logout and "who am I" endpoints of review/API.md, and the session cookie.
//
// Login answers the same 401 `bad_credentials` for an unknown user, a wrong password and
// a disabled account, and spends the same scrypt work on each; failures are counted per
// user and per address (review/login_throttle.h: 429 `too_many_attempts` once they pile
// up), logged without the password, and audited as `login_failed`. Borrows everything;
// thread-safe.
#pragma once

#include <string>

#include "review/api_types.h"
#include "review/connection_pool.h"
#include "review/login_throttle.h"
#include "review/password_hash.h"
#include "review/request_context.h"
#include "review/session_store.h"

namespace xmatch::review {

inline constexpr char kSessionCookie[] = "xm_session";

// The Set-Cookie value that carries `token` (HttpOnly, SameSite=Strict, Path=/, Secure
// under HTTPS); an empty `token` expires the cookie.
std::string SessionCookie(const std::string& token, bool https);

// The session token from the request's Cookie header, or "".
std::string SessionTokenOf(const ApiRequest& request);

class AuthHandlers {
 public:
  AuthHandlers(ConnectionPool& pool, const SessionStore& sessions, LoginThrottle& throttle,
               bool https, const ScryptParams& password_params);

  // POST /api/login {username, password}
  ApiResponse Login(const ApiRequest& request);
  // POST /api/logout
  ApiResponse Logout(const RequestContext& ctx);
  // GET /api/me
  ApiResponse Me(const RequestContext& ctx);

 private:
  ApiResponse Refuse(pqxx::connection& conn, const std::string& username,
                     const std::string& address, const std::string& actor,
                     const std::string& reason);

  ConnectionPool& pool_;
  const SessionStore& sessions_;
  LoginThrottle& throttle_;
  bool https_;
  std::string stand_in_hash_;  // verified against when the user name is unknown
};

// {username, display_name, role, region_codes}
nlohmann::json UserJson(const Principal& principal);

}  // namespace xmatch::review
