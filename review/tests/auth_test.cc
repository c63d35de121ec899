// Login, sessions, CSRF, role gating and the pages, through ReviewApp as a plain function
// against the real PostgreSQL.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/hex.h"
#include "review/tests/review_test_env.h"
#include "review/user_admin.h"

namespace xmatch::review {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using std::chrono::minutes;

class Auth : public ReviewTest {
 protected:
  void SetUp() override {
    ReviewTest::SetUp();
    AddTestUser("wang", Role::kTownshipStaff, {"411222100"});
  }
  ApiResponse LoginResponse(const std::string& username, const std::string& password) {
    return Call("POST", "/api/login", nullptr,
                nlohmann::json{{"username", username}, {"password", password}}.dump());
  }
};

TEST_F(Auth, LoginAnswersTheUserAndCsrfAndSetsAStrictHttpOnlyCookie) {
  ApiResponse response = LoginResponse("wang", kTestPassword);
  ASSERT_EQ(response.status, 200) << response.body;
  nlohmann::json body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["user"]["username"], "wang");
  EXPECT_EQ(body["user"]["role"], "township_staff");
  EXPECT_EQ(body["user"]["region_codes"], nlohmann::json::array({"411222100"}));
  EXPECT_EQ(body["csrf"].get<std::string>().size(), 64u);
  std::string cookie = HeaderOf(response, "Set-Cookie");
  EXPECT_THAT(cookie, ::testing::MatchesRegex("xm_session=[0-9a-f]{64}; .*"));
  EXPECT_THAT(cookie, HasSubstr("HttpOnly"));
  EXPECT_THAT(cookie, HasSubstr("SameSite=Strict"));
  EXPECT_THAT(cookie, HasSubstr("Path=/"));
  EXPECT_THAT(cookie, Not(HasSubstr("Secure")));  // plain HTTP in development
  EXPECT_EQ(AuditRows("login", "wang"), 1);
}

TEST_F(Auth, CookieIsSecureUnderHttps) {
  ReviewAppOptions options;
  options.https = true;
  MakeApp(options);
  EXPECT_THAT(HeaderOf(LoginResponse("wang", kTestPassword), "Set-Cookie"), HasSubstr("; Secure"));
}

TEST_F(Auth, OnlyTheTokensHashIsStored) {
  Session session = LoginAs("wang");
  std::string token = session.cookie.substr(std::string("xm_session=").size());
  pqxx::read_transaction tx(conn());
  EXPECT_EQ(tx.exec_params1("SELECT count(*) FROM sessions WHERE token_hash = $1", token)[0]
                .as<int>(), 0);
  EXPECT_EQ(tx.exec_params1("SELECT count(*) FROM sessions WHERE token_hash = $1",
                            Sha256Hex(token))[0].as<int>(), 1);
}

TEST_F(Auth, UnknownUserWrongPasswordAndDisabledGetTheSameAnswer) {
  AddTestUser("li", Role::kTownshipStaff, {"411222101"});
  ASSERT_TRUE(DisableUser(conn(), "li").ok());
  ApiResponse unknown = LoginResponse("nobody", kTestPassword);
  ApiResponse wrong = LoginResponse("wang", "not-the-password");
  ApiResponse disabled = LoginResponse("li", kTestPassword);
  for (const ApiResponse* r : {&unknown, &wrong, &disabled}) {
    EXPECT_EQ(r->status, 401);
    EXPECT_EQ(r->body, unknown.body);
    EXPECT_EQ(HeaderOf(*r, "Set-Cookie"), "");
  }
  EXPECT_THAT(unknown.body, HasSubstr("bad_credentials"));
  EXPECT_EQ(AuditRows("login_failed"), 3);
  EXPECT_EQ(AuditRows("login_failed", "anonymous"), 1);
  pqxx::read_transaction tx(conn());
  EXPECT_EQ(tx.exec1("SELECT failed_logins FROM users WHERE username = 'wang'")[0].as<int>(), 1);
}

TEST_F(Auth, RepeatedFailuresAreSlowedDownEvenForTheRightPassword) {
  for (int i = 0; i < 4; ++i) EXPECT_EQ(LoginResponse("wang", "guess" + std::to_string(i)).status, 401);
  ApiResponse throttled = LoginResponse("wang", kTestPassword);
  EXPECT_EQ(throttled.status, 429);
  EXPECT_EQ(HeaderOf(throttled, "Retry-After"), "1");
  now_ += std::chrono::seconds(2);
  EXPECT_EQ(LoginResponse("wang", kTestPassword).status, 200);
}

TEST_F(Auth, SessionEndsAfterThirtyIdleMinutesButActivityKeepsItAlive) {
  Session session = LoginAs("wang");
  now_ += minutes(29);
  EXPECT_EQ(Call("GET", "/api/me", &session).status, 200);
  now_ += minutes(29);  // 58 minutes after login, 29 after the last request
  EXPECT_EQ(Call("GET", "/api/me", &session).status, 200);
  now_ += minutes(31);
  ApiResponse expired = Call("GET", "/api/me", &session);
  EXPECT_EQ(expired.status, 401);
  EXPECT_THAT(expired.body, HasSubstr("unauthenticated"));
  now_ -= minutes(31);  // an ended session stays ended
  EXPECT_EQ(Call("GET", "/api/me", &session).status, 401);
}

TEST_F(Auth, LogoutEndsTheSessionServerSide) {
  Session session = LoginAs("wang");
  ApiResponse out = Call("POST", "/api/logout", &session);
  ASSERT_EQ(out.status, 200) << out.body;
  EXPECT_THAT(HeaderOf(out, "Set-Cookie"), HasSubstr("Max-Age=0"));
  // The old cookie, replayed, no longer works.
  EXPECT_EQ(Call("GET", "/api/me", &session).status, 401);
  EXPECT_EQ(AuditRows("logout", "wang"), 1);
  pqxx::read_transaction tx(conn());
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM sessions WHERE ended_at IS NULL")[0].as<int>(), 0);
}

TEST_F(Auth, PostWithoutOrWithAWrongCsrfTokenIsRefused) {
  Session session = LoginAs("wang");
  ApiResponse missing = Call("POST", "/api/logout", &session, "", /*with_csrf=*/false);
  EXPECT_EQ(missing.status, 403);
  EXPECT_THAT(missing.body, HasSubstr("\"csrf\""));
  Session forged = session;
  forged.csrf = std::string(64, 'a');
  EXPECT_EQ(Call("POST", "/api/logout", &forged).status, 403);
  EXPECT_EQ(Call("POST", "/api/clues/1/reveal", &forged, R"({"purpose":"x"})").status, 403);
  // Refused requests changed nothing: the session is still alive.
  EXPECT_EQ(Call("GET", "/api/me", &session).status, 200);
}

TEST_F(Auth, MeAnswersTheSessionsUserAndCsrf) {
  Session session = LoginAs("wang");
  ApiResponse me = Call("GET", "/api/me", &session);
  ASSERT_EQ(me.status, 200);
  nlohmann::json body = nlohmann::json::parse(me.body);
  EXPECT_EQ(body["user"]["display_name"], "测试用户 wang");
  EXPECT_EQ(body["csrf"], session.csrf);
  EXPECT_EQ(HeaderOf(me, "Cache-Control"), "no-store");
  EXPECT_EQ(body["user"]["region_names"], nlohmann::json::object());  // no regions rows yet

  {
    pqxx::work tx(conn());
    tx.exec("INSERT INTO regions (code, name) VALUES ('411222100', '大营镇'), ('411222101', '原店镇')");
    tx.commit();
  }
  body = nlohmann::json::parse(Call("GET", "/api/me", &session).body);
  EXPECT_EQ(body["user"]["region_names"], (nlohmann::json{{"411222100", "大营镇"}}));
}

TEST_F(Auth, EveryApiRouteNeedsALogin) {
  for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"GET", "/api/me"}, {"POST", "/api/logout"}, {"GET", "/api/clues"},
           {"GET", "/api/clues/1"}, {"POST", "/api/clues/1/reveal"},
           {"POST", "/api/clues/1/actions"}, {"GET", "/api/ledger.xlsx"},
           {"GET", "/api/ledger.csv"}, {"GET", "/api/reports/monthly"},
           {"GET", "/api/it/overview"}, {"GET", "/api/audit"}}) {
    ApiResponse r = Call(method, path);
    EXPECT_EQ(r.status, 401) << method << " " << path;
  }
  Session garbage{"xm_session=" + std::string(64, 'f'), ""};
  EXPECT_EQ(Call("GET", "/api/clues", &garbage).status, 401);
}

TEST_F(Auth, ARoleOutsideTheRouteGets403AndAnAuditRow) {
  Session staff = LoginAs("wang");
  ApiResponse denied = Call("GET", "/api/it/overview", &staff);
  EXPECT_EQ(denied.status, 403);
  EXPECT_THAT(denied.body, HasSubstr("\"forbidden\""));
  EXPECT_EQ(AuditRows("access_denied", "wang"), 1);
  pqxx::read_transaction tx(conn());
  pqxx::row row = tx.exec1("SELECT actor_role, object_id, details->>'path' FROM audit_log "
                           "WHERE action = 'access_denied'");
  EXPECT_EQ(row[0].as<std::string>(), "township_staff");
  EXPECT_EQ(row[1].as<std::string>(), "GET /api/it/overview");
  EXPECT_EQ(row[2].as<std::string>(), "/api/it/overview");
}

TEST_F(Auth, RolesReachOnlyTheirRoutes) {
  AddTestUser("it", Role::kItAdmin, {});
  AddTestUser("aud", Role::kAuditor, {});
  Session it = LoginAs("it");
  Session aud = LoginAs("aud");
  EXPECT_EQ(Call("GET", "/api/clues", &it).status, 403);
  EXPECT_EQ(Call("GET", "/api/clues/1", &it).status, 403);
  EXPECT_EQ(Call("GET", "/api/audit", &it).status, 403);
  EXPECT_EQ(Call("GET", "/api/it/overview", &aud).status, 403);
  EXPECT_EQ(Call("GET", "/api/ledger.csv", &aud).status, 403);
  EXPECT_EQ(Call("GET", "/api/it/overview", &it).status, 200);
  EXPECT_EQ(Call("GET", "/api/audit", &aud).status, 200);
  EXPECT_EQ(AuditRows("access_denied"), 5);
}

TEST_F(Auth, DisablingAUserEndsTheirSessions) {
  Session session = LoginAs("wang");
  ASSERT_TRUE(DisableUser(conn(), "wang").ok());
  EXPECT_EQ(Call("GET", "/api/me", &session).status, 401);
}

TEST_F(Auth, BadRequestsGetAClear4xx) {
  ApiResponse not_json = Call("POST", "/api/login", nullptr, "username=wang");
  EXPECT_EQ(not_json.status, 400);
  EXPECT_THAT(not_json.body, HasSubstr("username"));
  EXPECT_EQ(Call("POST", "/api/login", nullptr, R"({"username": 7})").status, 400);
  EXPECT_EQ(Call("GET", "/api/nothing-here").status, 404);
  ApiResponse wrong_method = Call("GET", "/api/login");
  EXPECT_EQ(wrong_method.status, 405);
  EXPECT_EQ(HeaderOf(wrong_method, "Allow"), "POST");
}

TEST_F(Auth, AHandlerThatThrowsGets500AndTheServerCarriesOn) {
  app().router().Add(Route::Public("GET", "/api/boom", [](const ApiRequest&) -> ApiResponse {
    throw std::logic_error("bug");
  }));
  ApiResponse boom = Call("GET", "/api/boom");
  EXPECT_EQ(boom.status, 500);
  EXPECT_THAT(boom.body, Not(HasSubstr("bug")));
  EXPECT_EQ(Call("GET", "/livez").status, 200);
}

TEST_F(Auth, RootIsTheLoginPageOrTheQueue) {
  ApiResponse anonymous = Call("GET", "/");
  EXPECT_EQ(anonymous.body, "<html>login</html>");
  EXPECT_EQ(anonymous.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(HeaderOf(anonymous, "Cache-Control"), "no-store");
  Session session = LoginAs("wang");
  EXPECT_EQ(Call("GET", "/", &session).body, "<html>queue</html>");
}

TEST_F(Auth, AssetsHaveTheirTypeAndRevalidateByETag) {
  ApiResponse js = Call("GET", "/app.js");
  ASSERT_EQ(js.status, 200);
  EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(HeaderOf(js, "Cache-Control"), "no-cache");
  EXPECT_EQ(HeaderOf(js, "X-Content-Type-Options"), "nosniff");
  std::string etag = HeaderOf(js, "ETag");
  ASSERT_FALSE(etag.empty());
  ApiRequest again;
  again.method = "GET";
  again.path = "/app.js";
  again.headers["if-none-match"] = etag;
  ApiResponse revalidated = app().Handle(again);
  EXPECT_EQ(revalidated.status, 304);
  EXPECT_TRUE(revalidated.body.empty());
  EXPECT_EQ(Call("GET", "/missing.js").status, 404);
}

}  // namespace
}  // namespace xmatch::review
