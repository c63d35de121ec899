// `xmatch users ...` behind the command line, against the real PostgreSQL.
#include "review/user_admin.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "review/password_hash.h"
#include "review/tests/review_test_env.h"

namespace xmatch::review {
namespace {

using ::testing::HasSubstr;

class UserAdmin : public ReviewTest {};

TEST_F(UserAdmin, RegionCodesMustFitTheRole) {
  EXPECT_FALSE(ValidateNewUser({"a", "", Role::kTownshipStaff, {}}).ok());
  EXPECT_FALSE(ValidateNewUser({"a", "", Role::kTownshipStaff, {"411222"}}).ok());
  EXPECT_TRUE(ValidateNewUser({"a", "", Role::kTownshipStaff, {"411222100"}}).ok());
  EXPECT_FALSE(ValidateNewUser({"a", "", Role::kCountyReviewer, {"411222100"}}).ok());
  EXPECT_TRUE(ValidateNewUser({"a", "", Role::kCountyReviewer, {"411222"}}).ok());
  EXPECT_TRUE(ValidateNewUser({"a", "", Role::kDisciplineLiaison, {"411222"}}).ok());
  EXPECT_FALSE(ValidateNewUser({"a", "", Role::kItAdmin, {"411222"}}).ok());
  EXPECT_TRUE(ValidateNewUser({"a", "", Role::kAuditor, {}}).ok());
  Status bad_name = ValidateNewUser({"Wang Wei", "", Role::kAuditor, {}});
  EXPECT_THAT(bad_name.message(), HasSubstr("username"));
}

TEST_F(UserAdmin, AddListDisableAndChangePassword) {
  AddTestUser("wang", Role::kTownshipStaff, {"411222100", "411222101"});
  Status again = AddUser(conn(), {"wang", "", Role::kAuditor, {}}, kTestPassword, kTestScrypt);
  EXPECT_EQ(again.code(), Status::Code::kAlreadyExists);
  EXPECT_THAT(AddUser(conn(), {"li", "", Role::kAuditor, {}}, "short", kTestScrypt).message(),
              HasSubstr("at least"));

  Result<std::vector<UserSummary>> users = ListUsers(conn());
  ASSERT_TRUE(users.ok());
  ASSERT_EQ(users->size(), 1u);
  EXPECT_EQ((*users)[0].region_codes, (std::vector<std::string>{"411222100", "411222101"}));
  EXPECT_FALSE((*users)[0].disabled);

  Session session = LoginAs("wang");
  ASSERT_TRUE(SetPassword(conn(), "wang", "a-new-password-1", kTestScrypt).ok());
  EXPECT_EQ(Call("GET", "/api/me", &session).status, 401);  // sessions ended
  EXPECT_EQ(Call("POST", "/api/login", nullptr,
                 R"({"username":"wang","password":"correct-horse-42"})").status, 401);
  LoginAs("wang", "a-new-password-1");

  ASSERT_TRUE(DisableUser(conn(), "wang").ok());
  EXPECT_TRUE((*ListUsers(conn()))[0].disabled);
  EXPECT_EQ(DisableUser(conn(), "nobody").code(), Status::Code::kNotFound);
  EXPECT_EQ(AuditRows("user_added", "xmatch-cli"), 1);
  EXPECT_EQ(AuditRows("password_changed", "xmatch-cli"), 1);
  EXPECT_EQ(AuditRows("user_disabled", "xmatch-cli"), 1);
}

TEST_F(UserAdmin, GeneratedPasswordsAreLongAndDiffer) {
  Result<std::string> a = GeneratePassword();
  Result<std::string> b = GeneratePassword();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->size(), 16u);
  EXPECT_NE(*a, *b);
  EXPECT_TRUE(ValidatePassword(*a).ok());
}

}  // namespace
}  // namespace xmatch::review
