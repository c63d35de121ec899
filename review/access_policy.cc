#include "review/access_policy.h"

#include <algorithm>
#include <vector>

namespace xmatch::review {
namespace {

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

// A principal's codes of one length (9: townships, 6: counties); anything else in
// users.region_codes is ignored rather than trusted.
std::vector<std::string> CodesOfLength(const Principal& principal, size_t length) {
  std::vector<std::string> codes;
  for (const std::string& code : principal.region_codes) {
    if (code.size() == length && AllDigits(code)) codes.push_back(code);
  }
  return codes;
}

bool Contains(const std::vector<std::string>& codes, std::string_view code) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

bool MayHaveClues(Role role) {
  return role == Role::kTownshipStaff || role == Role::kCountyReviewer ||
         role == Role::kDisciplineLiaison;
}

// Township staff are bound to townships only; the other clue roles take counties too.
bool InRegion(const Principal& principal, std::string_view township_code,
              std::string_view county_code) {
  if (Contains(CodesOfLength(principal, 9), township_code)) return true;
  if (principal.role == Role::kTownshipStaff) return false;
  return Contains(CodesOfLength(principal, 6), county_code);
}

}  // namespace

ClueAccess CheckClueAccess(const Principal& principal, const ClueScope& clue) {
  if (!MayHaveClues(principal.role)) return ClueAccess::kNoClueAccess;
  if (!InRegion(principal, clue.township_code, clue.county_code)) return ClueAccess::kOtherRegion;
  if (principal.role == Role::kDisciplineLiaison && clue.status != "transferred") {
    return ClueAccess::kNotTransferred;
  }
  return ClueAccess::kAllowed;
}

std::string ClueVisibilityPredicate(const Principal& principal, SqlParams& params) {
  if (!MayHaveClues(principal.role)) return "false";
  std::vector<std::string> parts;
  // One code (the usual case) as an equality: only then can an index on (code, sort key)
  // deliver the queue's order; `= ANY` cannot.
  auto match = [&](const char* column, const std::vector<std::string>& codes) {
    if (codes.size() == 1) return std::string(column) + " = " + params.Bind(codes[0]);
    return std::string(column) + " = ANY(" + params.BindArray(codes) + ")";
  };
  const std::vector<std::string> townships = CodesOfLength(principal, 9);
  if (!townships.empty()) parts.push_back(match("c.township_code", townships));
  if (principal.role != Role::kTownshipStaff) {
    const std::vector<std::string> counties = CodesOfLength(principal, 6);
    if (!counties.empty()) parts.push_back(match("c.county_code", counties));
  }
  if (parts.empty()) return "false";
  std::string region = parts.size() == 1 ? parts[0] : "(" + parts[0] + " OR " + parts[1] + ")";
  if (principal.role == Role::kDisciplineLiaison) return "(" + region + " AND c.status = 'transferred')";
  return region;
}

bool MayAccessTownship(const Principal& principal, std::string_view township_code) {
  if (!MayHaveClues(principal.role) || township_code.size() != 9) return false;
  return InRegion(principal, township_code, township_code.substr(0, 6));
}

std::string_view ClueAccessName(ClueAccess access) {
  switch (access) {
    case ClueAccess::kAllowed: return "allowed";
    case ClueAccess::kOtherRegion: return "other_region";
    case ClueAccess::kNotTransferred: return "not_transferred";
    case ClueAccess::kNoClueAccess: return "role";
  }
  return "role";
}

}  // namespace xmatch::review
