// Managing review users from the command line (`xmatch users add|disable|passwd|list`):
// validation of names, roles and region codes, password hashing, and an audit row for
// every change (actor "xmatch-cli"). Each call uses the caller's connection and its own
// transaction. Never returns or prints a password hash.
#pragma once

#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "common/result.h"
#include "review/password_hash.h"
#include "review/principal.h"

namespace xmatch::review {

inline constexpr size_t kMinPasswordLength = 10;

struct NewUser {
  std::string username;      // 1-64 of a-z 0-9 . _ -
  std::string display_name;  // defaults to the username when empty
  Role role = Role::kTownshipStaff;
  // township_staff: 9-digit township codes (at least one); county_reviewer: 6-digit
  // county codes (at least one); discipline_liaison: 6- or 9-digit codes (at least one);
  // it_admin and auditor: none.
  std::vector<std::string> region_codes;
};

struct UserSummary {
  std::string username;
  std::string display_name;
  std::string role;
  std::vector<std::string> region_codes;
  bool disabled = false;
  int failed_logins = 0;
  std::string last_login_at;  // ISO 8601, or "" when never
};

// InvalidArgument naming the field when the user is not valid for its role.
Status ValidateNewUser(const NewUser& user);
// InvalidArgument when shorter than kMinPasswordLength.
Status ValidatePassword(const std::string& password);

// AlreadyExists when the name is taken.
Status AddUser(pqxx::connection& conn, const NewUser& user, const std::string& password,
               const ScryptParams& params = {});
// Disables the user and ends their sessions; NotFound for an unknown name.
Status DisableUser(pqxx::connection& conn, const std::string& username);
// Sets a new password, clears the failed-login count and ends the user's sessions.
Status SetPassword(pqxx::connection& conn, const std::string& username,
                   const std::string& password, const ScryptParams& params = {});
Result<std::vector<UserSummary>> ListUsers(pqxx::connection& conn);

// A random password of 16 characters from an alphabet without look-alikes.
Result<std::string> GeneratePassword();

}  // namespace xmatch::review
