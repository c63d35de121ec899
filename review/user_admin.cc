#include "review/user_admin.h"

#include <algorithm>
#include <regex>

#include <nlohmann/json.hpp>
#include <openssl/rand.h>

#include "review/audit_log.h"
#include "store/connection.h"

namespace xmatch::review {
namespace {

constexpr char kCliActor[] = "xmatch-cli";

bool AllDigits(const std::string& s, size_t length) {
  return s.size() == length && std::all_of(s.begin(), s.end(), [](char c) {
           return c >= '0' && c <= '9';
         });
}

// Runs `change` and the audit row in one transaction; `change` returns the number of
// rows it touched (0 means no such user).
template <class Change>
Status ChangeUser(pqxx::connection& conn, const std::string& username, const std::string& action,
                  const std::string& what, Change change) {
  try {
    pqxx::work tx(conn);
    if (change(tx) == 0) {
      return Status::NotFound("no user named \"" + username + "\" (see `xmatch users list`)");
    }
    AuditEntry entry;
    entry.actor = kCliActor;
    entry.action = action;
    entry.object_type = "user";
    entry.object_id = username;
    XM_RETURN_IF_ERROR(AppendAudit(tx, entry));
    tx.commit();
  } catch (const std::exception& e) {
    return store::StatusFromPqxx(e, what);
  }
  return Status::Ok();
}

}  // namespace

Status ValidateNewUser(const NewUser& user) {
  static const std::regex kUsername("[a-z0-9._-]{1,64}");
  if (!std::regex_match(user.username, kUsername)) {
    return Status::InvalidArgument("username \"" + user.username +
                                   "\": use 1-64 characters a-z, 0-9, '.', '_' or '-'");
  }
  const std::string role(RoleName(user.role));
  for (const std::string& code : user.region_codes) {
    const bool township = AllDigits(code, 9);
    const bool county = AllDigits(code, 6);
    if ((user.role == Role::kTownshipStaff && !township) ||
        (user.role == Role::kCountyReviewer && !county) ||
        (user.role == Role::kDisciplineLiaison && !township && !county)) {
      return Status::InvalidArgument(
          "--region " + code + ": a " + role + " needs " +
          (user.role == Role::kTownshipStaff ? "9-digit township codes"
           : user.role == Role::kCountyReviewer ? "6-digit county codes"
                                                : "6-digit county or 9-digit township codes"));
    }
  }
  const bool needs_regions = user.role == Role::kTownshipStaff ||
                             user.role == Role::kCountyReviewer ||
                             user.role == Role::kDisciplineLiaison;
  if (needs_regions && user.region_codes.empty()) {
    return Status::InvalidArgument("--region: a " + role + " needs at least one region code");
  }
  if (!needs_regions && !user.region_codes.empty()) {
    return Status::InvalidArgument("--region: a " + role +
                                   " sees no clues, so takes no region codes");
  }
  return Status::Ok();
}

Status ValidatePassword(const std::string& password) {
  if (password.size() < kMinPasswordLength) {
    return Status::InvalidArgument("the password must have at least " +
                                   std::to_string(kMinPasswordLength) +
                                   " characters (or use --generate-password)");
  }
  return Status::Ok();
}

Status AddUser(pqxx::connection& conn, const NewUser& user, const std::string& password,
               const ScryptParams& params) {
  XM_RETURN_IF_ERROR(ValidateNewUser(user));
  XM_RETURN_IF_ERROR(ValidatePassword(password));
  XM_ASSIGN_OR_RETURN(std::string hash, HashPassword(password, params));
  const std::string display_name = user.display_name.empty() ? user.username : user.display_name;
  const std::string regions = nlohmann::json(user.region_codes).dump();
  try {
    pqxx::work tx(conn);
    pqxx::result inserted = tx.exec_params(
        "INSERT INTO users (username, display_name, role, region_codes, password_hash) "
        "SELECT $1, $2, $3, ARRAY(SELECT jsonb_array_elements_text($4::jsonb)), $5 "
        "ON CONFLICT (username) DO NOTHING RETURNING id",
        user.username, display_name, std::string(RoleName(user.role)), regions, hash);
    if (inserted.empty()) {
      return Status::AlreadyExists("a user named \"" + user.username +
                                   "\" exists already (use `xmatch users passwd` to reset "
                                   "the password)");
    }
    AuditEntry entry;
    entry.actor = kCliActor;
    entry.action = "user_added";
    entry.object_type = "user";
    entry.object_id = user.username;
    entry.details = {{"role", std::string(RoleName(user.role))},
                     {"region_codes", user.region_codes}};
    XM_RETURN_IF_ERROR(AppendAudit(tx, entry));
    tx.commit();
  } catch (const std::exception& e) {
    return store::StatusFromPqxx(e, "adding a user");
  }
  return Status::Ok();
}

Status DisableUser(pqxx::connection& conn, const std::string& username) {
  return ChangeUser(conn, username, "user_disabled", "disabling a user", [&](pqxx::work& tx) {
    pqxx::result rows = tx.exec_params(
        "UPDATE users SET disabled = true WHERE username = $1 RETURNING id", username);
    if (rows.empty()) return 0;
    tx.exec_params("UPDATE sessions SET ended_at = now() WHERE user_id = $1 AND ended_at IS NULL",
                   rows[0][0].as<int64_t>());
    return 1;
  });
}

Status SetPassword(pqxx::connection& conn, const std::string& username,
                   const std::string& password, const ScryptParams& params) {
  XM_RETURN_IF_ERROR(ValidatePassword(password));
  XM_ASSIGN_OR_RETURN(std::string hash, HashPassword(password, params));
  return ChangeUser(conn, username, "password_changed", "setting a password",
                    [&](pqxx::work& tx) {
                      pqxx::result rows = tx.exec_params(
                          "UPDATE users SET password_hash = $2, failed_logins = 0 "
                          "WHERE username = $1 RETURNING id",
                          username, hash);
                      if (rows.empty()) return 0;
                      tx.exec_params("UPDATE sessions SET ended_at = now() "
                                     "WHERE user_id = $1 AND ended_at IS NULL",
                                     rows[0][0].as<int64_t>());
                      return 1;
                    });
}

Result<std::vector<UserSummary>> ListUsers(pqxx::connection& conn) {
  std::vector<UserSummary> users;
  try {
    pqxx::read_transaction tx(conn);
    for (const pqxx::row& row : tx.exec(
             "SELECT username, display_name, role, array_to_json(region_codes)::text, disabled, "
             "failed_logins, COALESCE(to_char(last_login_at AT TIME ZONE 'UTC', "
             "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), '') FROM users ORDER BY username")) {
      UserSummary user;
      user.username = row[0].as<std::string>();
      user.display_name = row[1].as<std::string>();
      user.role = row[2].as<std::string>();
      user.region_codes = nlohmann::json::parse(row[3].as<std::string>("[]"))
                              .get<std::vector<std::string>>();
      user.disabled = row[4].as<bool>();
      user.failed_logins = row[5].as<int>();
      user.last_login_at = row[6].as<std::string>();
      users.push_back(std::move(user));
    }
  } catch (const std::exception& e) {
    return store::StatusFromPqxx(e, "listing users");
  }
  return users;
}

Result<std::string> GeneratePassword() {
  static constexpr char kAlphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  constexpr size_t kAlphabetSize = sizeof kAlphabet - 1;
  std::string password;
  while (password.size() < 16) {
    unsigned char byte = 0;
    if (RAND_bytes(&byte, 1) != 1) {
      return Status::Internal("could not get random bytes from OpenSSL");
    }
    // Rejection sampling keeps every character equally likely.
    if (byte < 256 - 256 % kAlphabetSize) password.push_back(kAlphabet[byte % kAlphabetSize]);
  }
  return password;
}

}  // namespace xmatch::review
