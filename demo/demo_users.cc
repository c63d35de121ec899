#include "demo/demo_users.h"

#include "review/user_admin.h"

namespace xmatch::demo {
namespace {

std::vector<review::NewUser> PlannedAccounts(const County& county) {
  using review::Role;
  std::vector<review::NewUser> accounts;
  for (const Township& t : county.townships) {
    accounts.push_back({"staff." + t.code, t.name + "民政办", Role::kTownshipStaff, {t.code}});
  }
  accounts.push_back({"reviewer." + county.code, county.name + "民政局社会救助股",
                      Role::kCountyReviewer, {county.code}});
  accounts.push_back({"liaison." + county.code, county.name + "纪委监委派驻纪检监察组",
                      Role::kDisciplineLiaison, {county.code}});
  accounts.push_back({"itadmin", "信息中心", Role::kItAdmin, {}});
  accounts.push_back({"auditor", "审计", Role::kAuditor, {}});
  return accounts;
}

}  // namespace

Result<std::vector<DemoAccount>> EnsureDemoUsers(pqxx::connection& conn, const County& county) {
  std::vector<DemoAccount> made;
  for (const review::NewUser& user : PlannedAccounts(county)) {
    XM_ASSIGN_OR_RETURN(std::string password, review::GeneratePassword());
    Status added = review::AddUser(conn, user, password);
    if (added.code() == Status::Code::kAlreadyExists) {
      added = review::SetPassword(conn, user.username, password);
    }
    if (!added.ok()) return added.WithContext("demo user " + user.username);
    made.push_back({user.username, user.display_name, std::string(review::RoleName(user.role)),
                    password});
  }
  return made;
}

}  // namespace xmatch::demo
