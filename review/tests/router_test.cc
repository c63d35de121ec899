#include "review/router.h"

#include <gtest/gtest.h>

namespace xmatch::review {
namespace {

TEST(MatchPattern, MatchesLiteralAndPlaceholderSegments) {
  std::vector<std::string> params;
  EXPECT_TRUE(MatchPattern("/api/clues", "/api/clues", &params));
  EXPECT_TRUE(params.empty());
  EXPECT_TRUE(MatchPattern("/api/clues/{id}/actions", "/api/clues/17/actions", &params));
  EXPECT_EQ(params, std::vector<std::string>{"17"});
}

TEST(MatchPattern, RefusesNearMisses) {
  std::vector<std::string> params;
  EXPECT_FALSE(MatchPattern("/api/clues/{id}", "/api/clues/", &params));
  EXPECT_FALSE(MatchPattern("/api/clues/{id}", "/api/clues", &params));
  EXPECT_FALSE(MatchPattern("/api/clues/{id}", "/api/clues/1/2", &params));
  EXPECT_FALSE(MatchPattern("/api/clues", "/api/clues/", &params));
  EXPECT_FALSE(MatchPattern("/api/clues", "/api/cluesx", &params));
}

Route MakeRoute(const char* method, const char* pattern) {
  return Route::ForRoles(method, pattern, {Role::kAuditor}, nullptr);
}

TEST(Router, PicksTheRouteByMethodAndPath) {
  Router router;
  router.Add(MakeRoute("GET", "/api/clues"));
  router.Add(MakeRoute("GET", "/api/clues/{id}"));
  router.Add(MakeRoute("POST", "/api/clues/{id}/actions"));
  RouteMatch m = router.Match("GET", "/api/clues/9");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/clues/{id}");
  EXPECT_EQ(m.path_params, std::vector<std::string>{"9"});
  EXPECT_EQ(router.Match("HEAD", "/api/clues").route->pattern, "/api/clues");
  EXPECT_EQ(router.Match("GET", "/api/nothing").route, nullptr);
  EXPECT_FALSE(router.Match("GET", "/api/nothing").method_not_allowed);
}

TEST(Router, ReportsTheAllowedMethodsForAWrongMethod) {
  Router router;
  router.Add(MakeRoute("POST", "/api/clues/{id}/actions"));
  RouteMatch m = router.Match("GET", "/api/clues/3/actions");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.method_not_allowed);
  EXPECT_EQ(m.allowed_methods, "POST");
}

TEST(Route, AllowsOnlyItsRoles) {
  Route route = MakeRoute("GET", "/api/audit");
  EXPECT_TRUE(route.Allows(Role::kAuditor));
  EXPECT_FALSE(route.Allows(Role::kTownshipStaff));
  route.access = Access::kLoggedIn;
  EXPECT_TRUE(route.Allows(Role::kTownshipStaff));
}

TEST(RoleNames, RoundTrip) {
  for (Role role : {Role::kTownshipStaff, Role::kCountyReviewer, Role::kDisciplineLiaison,
                    Role::kItAdmin, Role::kAuditor}) {
    EXPECT_EQ(ParseRole(RoleName(role)), role);
  }
  EXPECT_FALSE(ParseRole("admin"));
}

}  // namespace
}  // namespace xmatch::review
