#include "review/session_store.h"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "common/hex.h"
#include "review/sql_params.h"
#include "store/connection.h"

namespace xmatch::review {
namespace {

constexpr size_t kTokenBytes = 32;  // 256 bits
// Touching last_seen_at on every request would write once per request; a minute's
// precision is plenty for a 30-minute idle timeout.
constexpr long long kTouchEveryMicros = 60LL * 1000 * 1000;

constexpr char kAt[] = "'epoch'::timestamptz + $%d * interval '1 microsecond'";

std::string At(int param) {
  char buffer[96];
  std::snprintf(buffer, sizeof buffer, kAt, param);
  return buffer;
}

}  // namespace

Result<NewSession> SessionStore::Create(pqxx::connection& conn, int64_t user_id) const {
  NewSession session;
  XM_ASSIGN_OR_RETURN(session.token, RandomHex(kTokenBytes));
  XM_ASSIGN_OR_RETURN(session.csrf_token, RandomHex(kTokenBytes));
  const long long now = EpochMicros(clock_());
  try {
    pqxx::work tx(conn);
    tx.exec_params("INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, "
                   "last_seen_at) VALUES ($1, $2, $3, " + At(4) + ", " + At(4) + ")",
                   Sha256Hex(session.token), user_id, session.csrf_token, now);
    tx.exec_params("UPDATE users SET last_login_at = " + At(2) + ", failed_logins = 0 "
                   "WHERE id = $1", user_id, now);
    tx.commit();
  } catch (const std::exception& e) {
    return store::StatusFromPqxx(e, "starting a session");
  }
  return session;
}

Result<std::optional<Principal>> SessionStore::Resume(pqxx::connection& conn,
                                                      std::string_view token) const {
  if (token.empty()) return std::optional<Principal>();
  const std::string token_hash = Sha256Hex(token);
  const long long now = EpochMicros(clock_());
  const long long idle_since = now - std::chrono::duration_cast<std::chrono::microseconds>(
                                         idle_timeout_).count();
  try {
    // Single statements, each atomic on its own: one round trip for the common case,
    // without BEGIN and COMMIT around it.
    pqxx::nontransaction tx(conn);
    // Every request runs it: prepared, it is planned once per connection.
    static const std::string kLookup =
        "SELECT u.id, u.username, u.display_name, u.role, array_to_json(u.region_codes)::text, "
        "s.csrf_token, s.last_seen_at > " + At(2) + " AS live, u.disabled, "
        "s.last_seen_at < " + At(3) + " AS stale "
        "FROM sessions s JOIN users u ON u.id = s.user_id "
        "WHERE s.token_hash = $1 AND s.ended_at IS NULL";
    pqxx::result rows = tx.exec_prepared(PreparedStatement(tx, kLookup), token_hash, idle_since,
                                         now - kTouchEveryMicros);
    if (rows.empty()) return std::optional<Principal>();
    const pqxx::row& row = rows[0];
    std::optional<Role> role = ParseRole(row[3].as<std::string>());
    if (!row[6].as<bool>() || row[7].as<bool>() || !role) {
      tx.exec_params("UPDATE sessions SET ended_at = " + At(2) + " WHERE token_hash = $1",
                     token_hash, now);
      return std::optional<Principal>();
    }
    if (row[8].as<bool>()) {
      tx.exec_params("UPDATE sessions SET last_seen_at = " + At(2) + " WHERE token_hash = $1",
                     token_hash, now);
    }
    Principal principal;
    principal.user_id = row[0].as<int64_t>();
    principal.username = row[1].as<std::string>();
    principal.display_name = row[2].as<std::string>();
    principal.role = *role;
    principal.region_codes = nlohmann::json::parse(row[4].as<std::string>("[]"))
                                 .get<std::vector<std::string>>();
    principal.csrf_token = row[5].as<std::string>();
    return std::optional<Principal>(std::move(principal));
  } catch (const std::exception& e) {
    return store::StatusFromPqxx(e, "checking a session");
  }
}

Status SessionStore::End(pqxx::connection& conn, std::string_view token) const {
  try {
    pqxx::work tx(conn);
    tx.exec_params("UPDATE sessions SET ended_at = " + At(2) +
                       " WHERE token_hash = $1 AND ended_at IS NULL",
                   Sha256Hex(token), EpochMicros(clock_()));
    tx.commit();
  } catch (const std::exception& e) {
    return store::StatusFromPqxx(e, "ending a session");
  }
  return Status::Ok();
}

}  // namespace xmatch::review
