#include "review/principal.h"

#include <array>
#include <utility>

namespace xmatch::review {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 5> kRoleNames = {{
    {Role::kTownshipStaff, "township_staff"},
    {Role::kCountyReviewer, "county_reviewer"},
    {Role::kDisciplineLiaison, "discipline_liaison"},
    {Role::kItAdmin, "it_admin"},
    {Role::kAuditor, "auditor"},
}};

}  // namespace

std::string_view RoleName(Role role) {
  for (const auto& [r, name] : kRoleNames) {
    if (r == role) return name;
  }
  return "unknown";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (const auto& [r, role_name] : kRoleNames) {
    if (role_name == name) return r;
  }
  return std::nullopt;
}

}  // namespace xmatch::review
