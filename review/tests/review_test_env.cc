#include "review/tests/review_test_env.h"

#include "review/api_routes.h"
#include "review/user_admin.h"

namespace xmatch::review {

void ReviewTest::SetUp() {
  PgTest::SetUp();
  pool_ = std::make_unique<ConnectionPool>(dsn(), 4);
  ReviewAppOptions options;
  options.password_params = kTestScrypt;
  MakeApp(options);
}

void ReviewTest::TearDown() {
  app_.reset();
  pool_.reset();
  PgTest::TearDown();
}

void ReviewTest::MakeApp(ReviewAppOptions options) {
  options.password_params = kTestScrypt;
  app_ = std::make_unique<ReviewApp>(*pool_, options, [this] { return now_; }, web_files_);
  AddApiRoutes(app_->router());
}

void ReviewTest::AddTestUser(const std::string& username, Role role,
                             std::vector<std::string> regions) {
  NewUser user{username, "测试用户 " + username, role, std::move(regions)};
  Status added = AddUser(conn(), user, kTestPassword, kTestScrypt);
  ASSERT_TRUE(added.ok()) << added.ToString();
}

ReviewTest::Session ReviewTest::LoginAs(const std::string& username, const std::string& password) {
  nlohmann::json body = {{"username", username}, {"password", password}};
  ApiResponse response = Call("POST", "/api/login", nullptr, body.dump());
  EXPECT_EQ(response.status, 200) << response.body;
  Session session;
  std::string set_cookie = HeaderOf(response, "Set-Cookie");
  session.cookie = set_cookie.substr(0, set_cookie.find(';'));
  nlohmann::json answer = nlohmann::json::parse(response.body, nullptr, false);
  if (answer.is_object() && answer.contains("csrf")) session.csrf = answer["csrf"];
  return session;
}

ApiResponse ReviewTest::Call(const std::string& method, const std::string& path,
                             const Session* session, const std::string& body, bool with_csrf) {
  ApiRequest request;
  request.method = method;
  request.path = path;
  request.body = body;
  request.remote_address = "10.1.2.3";
  if (session) {
    request.headers["cookie"] = session->cookie;
    if (with_csrf) request.headers["x-csrf-token"] = session->csrf;
  }
  return app_->Handle(std::move(request));
}

std::string ReviewTest::HeaderOf(const ApiResponse& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return "";
}

long ReviewTest::AuditRows(const std::string& action, const std::string& actor) {
  pqxx::read_transaction tx(conn());
  return tx.exec_params1("SELECT count(*) FROM audit_log WHERE action = $1 "
                         "AND ($2 = '' OR actor = $2)", action, actor)[0].as<long>();
}

}  // namespace xmatch::review
