// The demo's review accounts: one township_staff per township of the county, a
// county_reviewer and a discipline_liaison for the county, an it_admin and an auditor.
// Each run gives every account a new random password (review::GeneratePassword) and
// returns it, so the demo can print how to log in; passwords are stored only hashed.
#pragma once

#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "common/result.h"
#include "demo/divisions.h"

namespace xmatch::demo {

struct DemoAccount {
  std::string username;
  std::string display_name;
  std::string role;
  std::string password;  // in clear: printed once on the demo's terminal
};

// Creates the accounts that do not exist yet and sets new passwords on all of them.
Result<std::vector<DemoAccount>> EnsureDemoUsers(pqxx::connection& conn, const County& county);

}  // namespace xmatch::demo
