// Principal: who is making a request, as the server knows them after the session check.
// Built by the session layer (review/session_store.h) from the users row; handlers and
// the access policy only read it. Never built from anything the client sent.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xmatch::review {

// The five roles of issue 5. Stored in users.role under RoleName().
enum class Role {
  kTownshipStaff,      // clues of their township codes (9 digits)
  kCountyReviewer,     // clues of their county codes (6 digits)
  kDisciplineLiaison,  // only clues transferred to discipline inspection, in their regions
  kItAdmin,            // agreements, runs, users, connector health: no personal data
  kAuditor,            // the audit log
};

std::string_view RoleName(Role role);                       // "township_staff", ...
std::optional<Role> ParseRole(std::string_view name);       // nullopt for anything else

struct Principal {
  int64_t user_id = 0;
  std::string username;
  std::string display_name;
  Role role = Role::kTownshipStaff;
  std::vector<std::string> region_codes;  // township (9-digit) or county (6-digit) codes
  std::string csrf_token;                 // of the current session
};

}  // namespace xmatch::review
