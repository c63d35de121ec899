#include "review/auth_handlers.h"

#include <algorithm>
#include <stdexcept>

#include "common/logging.h"
#include "review/audit_log.h"
#include "review/region_names.h"
#include "review/request_parsing.h"
#include "store/connection.h"

namespace xmatch::review {
namespace {

constexpr size_t kMaxUsernameBytes = 64;
constexpr size_t kMaxPasswordBytes = 1024;

ApiResponse BadCredentials() {
  return JsonError(401, "bad_credentials", "用户名或密码错误");
}

ApiResponse Unavailable(const Status& status) {
  GetLogger("review")->error("database: {}", status.message());
  return JsonError(503, "unavailable", "数据库暂时无法访问，请稍后再试");
}

// Audits `entry`; a failure is logged (the answer stands: the refusal or the login has
// happened either way).
void AuditAlone(pqxx::connection& conn, const AuditEntry& entry) {
  Status status = AppendAuditAlone(conn, entry);
  if (!status.ok()) GetLogger("review")->error("audit {}: {}", entry.action, status.message());
}

}  // namespace

std::string SessionCookie(const std::string& token, bool https) {
  std::string cookie = std::string(kSessionCookie) + "=" + token +
                       "; Path=/; HttpOnly; SameSite=Strict";
  if (token.empty()) cookie += "; Max-Age=0";
  if (https) cookie += "; Secure";
  return cookie;
}

std::string SessionTokenOf(const ApiRequest& request) {
  auto header = request.headers.find("cookie");
  if (header == request.headers.end()) return "";
  std::map<std::string, std::string> cookies = ParseCookies(header->second);
  auto it = cookies.find(kSessionCookie);
  return it == cookies.end() ? "" : it->second;
}

nlohmann::json UserJson(const Principal& principal) {
  return {{"username", principal.username},
          {"display_name", principal.display_name},
          {"role", std::string(RoleName(principal.role))},
          {"region_codes", principal.region_codes}};
}

AuthHandlers::AuthHandlers(ConnectionPool& pool, const SessionStore& sessions,
                           LoginThrottle& throttle, bool https,
                           const ScryptParams& password_params)
    : pool_(pool), sessions_(sessions), throttle_(throttle), https_(https) {
  Result<std::string> hash = HashPassword("stand-in for unknown users", password_params);
  if (!hash.ok()) throw std::runtime_error(hash.status().ToString());  // start-up failure
  stand_in_hash_ = std::move(*hash);
}

ApiResponse AuthHandlers::Refuse(pqxx::connection& conn, const std::string& username,
                                 const std::string& address, const std::string& actor,
                                 const std::string& reason) {
  throttle_.RecordFailure(username, address);
  if (actor != "anonymous") {
    try {
      pqxx::work tx(conn);
      tx.exec_params("UPDATE users SET failed_logins = failed_logins + 1 WHERE username = $1",
                     username);
      tx.commit();
    } catch (const std::exception& e) {
      GetLogger("review")->error("{}", store::StatusFromPqxx(e, "counting a failed login")
                                           .message());
    }
  }
  // The name typed is kept (redacted: people do type ID numbers into login forms), the
  // password never.
  GetLogger("review")->warn("failed login for \"{}\" from {}: {}", RedactIdNumbers(username),
                            address, reason);
  AuditEntry entry;
  entry.actor = actor;
  entry.action = "login_failed";
  entry.object_type = "user";
  entry.object_id = RedactIdNumbers(username);
  entry.details = {{"reason", reason}, {"address", address}};
  AuditAlone(conn, entry);
  return BadCredentials();
}

ApiResponse AuthHandlers::Login(const ApiRequest& request) {
  nlohmann::json body = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object() || !body.contains("username") || !body["username"].is_string() ||
      !body.contains("password") || !body["password"].is_string()) {
    return JsonError(400, "bad_request", "请求体应为 JSON：{\"username\": ..., \"password\": ...}");
  }
  const std::string username = body["username"].get<std::string>();
  const std::string password = body["password"].get<std::string>();
  if (username.empty() || username.size() > kMaxUsernameBytes ||
      password.size() > kMaxPasswordBytes) {
    return BadCredentials();
  }
  const std::string& address = request.remote_address;

  Result<ConnectionPool::Lease> lease = pool_.Acquire();
  if (!lease.ok()) return Unavailable(lease.status());
  pqxx::connection& conn = **lease;

  std::chrono::seconds wait = throttle_.RetryAfter(username, address);
  if (wait.count() > 0) {
    AuditEntry entry;
    entry.actor = "anonymous";
    entry.action = "login_failed";
    entry.object_type = "user";
    entry.object_id = RedactIdNumbers(username);
    entry.details = {{"reason", "throttled"}, {"address", address}};
    AuditAlone(conn, entry);
    ApiResponse response = JsonError(
        429, "too_many_attempts",
        "登录失败次数过多，请 " + std::to_string(wait.count()) + " 秒后再试");
    response.headers.emplace_back("Retry-After", std::to_string(wait.count()));
    return response;
  }

  std::optional<pqxx::row> user;
  try {
    pqxx::read_transaction tx(conn);
    pqxx::result rows = tx.exec_params(
        "SELECT id, password_hash, disabled, role FROM users WHERE username = $1", username);
    if (!rows.empty()) user = rows[0];
  } catch (const std::exception& e) {
    return Unavailable(store::StatusFromPqxx(e, "looking up a user"));
  }
  if (!user) {
    VerifyPassword(password, stand_in_hash_);  // the same work as a known name
    return Refuse(conn, username, address, "anonymous", "unknown_user");
  }
  const bool password_ok = VerifyPassword(password, (*user)[1].as<std::string>());
  if (!password_ok) return Refuse(conn, username, address, username, "wrong_password");
  if ((*user)[2].as<bool>()) return Refuse(conn, username, address, username, "disabled");

  const int64_t user_id = (*user)[0].as<int64_t>();
  Result<NewSession> session = sessions_.Create(conn, user_id);
  if (!session.ok()) return Unavailable(session.status());
  Result<std::optional<Principal>> principal = sessions_.Resume(conn, session->token);
  if (!principal.ok()) return Unavailable(principal.status());
  if (!*principal) return BadCredentials();  // disabled between the two statements
  throttle_.RecordSuccess(username);

  AuditEntry entry;
  entry.actor = username;
  entry.actor_role = (*user)[3].as<std::string>();
  entry.action = "login";
  entry.object_type = "user";
  entry.object_id = username;
  entry.details = {{"address", address}};
  AuditAlone(conn, entry);
  GetLogger("review")->info("user {} logged in from {}", username, address);

  ApiResponse response =
      JsonResponse({{"user", UserJson(**principal)}, {"csrf", session->csrf_token}});
  response.headers.emplace_back("Set-Cookie", SessionCookie(session->token, https_));
  return response;
}

ApiResponse AuthHandlers::Logout(const RequestContext& ctx) {
  Status ended = sessions_.End(ctx.conn, SessionTokenOf(ctx.request));
  if (!ended.ok()) return Unavailable(ended);
  AuditEntry entry;
  entry.actor = ctx.principal.username;
  entry.actor_role = std::string(RoleName(ctx.principal.role));
  entry.action = "logout";
  entry.object_type = "user";
  entry.object_id = ctx.principal.username;
  AuditAlone(ctx.conn, entry);
  ApiResponse response = JsonResponse(nlohmann::json::object());
  response.headers.emplace_back("Set-Cookie", SessionCookie("", https_));
  return response;
}

ApiResponse AuthHandlers::Me(const RequestContext& ctx) {
  nlohmann::json user = UserJson(ctx.principal);
  // The names of the user's own regions, for the pages' township lists; without them
  // (no regions rows, or the read fails) the pages show the codes.
  nlohmann::json names = nlohmann::json::object();
  if (!ctx.principal.region_codes.empty()) {
    try {
      pqxx::read_transaction tx(ctx.conn);
      for (const auto& [code, name] : LoadRegionNames(tx, ctx.principal.region_codes).names) {
        if (std::find(ctx.principal.region_codes.begin(), ctx.principal.region_codes.end(),
                      code) != ctx.principal.region_codes.end()) {
          names[code] = name;
        }
      }
    } catch (const std::exception& e) {
      GetLogger("review")->warn("region names for /api/me: {}",
                                store::StatusFromPqxx(e, "reading regions").message());
    }
  }
  user["region_names"] = std::move(names);
  return JsonResponse({{"user", std::move(user)}, {"csrf", ctx.principal.csrf_token}});
}

}  // namespace xmatch::review
