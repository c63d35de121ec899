// SessionStore: the server side of a login session (sessions table, schemas/sql/0001).
//
// A session is a random 256-bit token that lives only in the user's cookie `xm_session`;
// the table keeps its SHA-256, the session's CSRF token and when it was last used. A
// session ends on logout, after `idle_timeout` without a request, or when its user is
// disabled. Stateless apart from the clock and the options: safe to share between
// threads; each call uses the caller's connection and its own transaction (Resume: single
// statements outside one, a round trip for the common case).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <pqxx/pqxx>

#include "common/result.h"
#include "review/clock.h"
#include "review/principal.h"

namespace xmatch::review {

struct NewSession {
  std::string token;  // for the cookie only: never stored, never logged
  std::string csrf_token;
};

class SessionStore {
 public:
  explicit SessionStore(Clock clock, std::chrono::seconds idle_timeout = std::chrono::minutes(30))
      : clock_(std::move(clock)), idle_timeout_(idle_timeout) {}

  // Starts a session for `user_id` and stamps users.last_login_at.
  Result<NewSession> Create(pqxx::connection& conn, int64_t user_id) const;

  // The principal of a live session, and the session counts as used now; nullopt when
  // the token is unknown, ended, idle too long (the session is then ended) or its user
  // is disabled.
  Result<std::optional<Principal>> Resume(pqxx::connection& conn, std::string_view token) const;

  // Ends the session server-side (logout); a no-op for an unknown or ended token.
  Status End(pqxx::connection& conn, std::string_view token) const;

  std::chrono::seconds idle_timeout() const { return idle_timeout_; }

 private:
  Clock clock_;
  std::chrono::seconds idle_timeout_;
};

}  // namespace xmatch::review
