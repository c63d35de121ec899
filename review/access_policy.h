// The access policy of the review API (review/API.md, "Roles"): which clues a principal
// may see, as a SQL predicate for lists and as a check for one clue. The server checks
// that a role may call a route at all; this policy answers the region questions that
// need the object. Pure functions of the Principal; no I/O.
#pragma once

#include <string>
#include <string_view>

#include "review/principal.h"
#include "review/sql_params.h"

namespace xmatch::review {

// What a clue looks like to the policy.
struct ClueScope {
  std::string township_code;  // 9 digits
  std::string county_code;    // 6 digits
  std::string status;         // clues.status
};

enum class ClueAccess {
  kAllowed,
  kOtherRegion,     // the clue is outside the principal's region codes
  kNotTransferred,  // a discipline liaison asking for a clue not transferred to them
  kNoClueAccess,    // it_admin, auditor: no clue data at all
};

// Whether `principal` may see the clue. Township staff match on township_code; county
// reviewers and liaisons on county_code (6-digit codes) or township_code (9-digit codes).
ClueAccess CheckClueAccess(const Principal& principal, const ClueScope& clue);

// A boolean SQL expression over clues aliased `c` that holds exactly for the clues
// CheckClueAccess allows; its values are bound in `params`. "false" when none.
std::string ClueVisibilityPredicate(const Principal& principal, SqlParams& params);

// Whether the township (9 digits) lies within the principal's region codes, for the
// township filter of the queue, the ledger and the report. False for roles without
// clue access.
bool MayAccessTownship(const Principal& principal, std::string_view township_code);

// The audit/detail word for a refusal: "other_region", "not_transferred", "role".
std::string_view ClueAccessName(ClueAccess access);

}  // namespace xmatch::review
