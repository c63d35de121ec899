// Test fixture for the review server's integration tests: a fresh migrated database
// (tests/support/pg_fixture.h), a connection pool on it, and a ReviewApp with an
// injectable clock, small test pages and the API routes of review/API.md. Helpers call
// the app as a plain function, log users in and read the audit log.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "review/api_types.h"
#include "review/connection_pool.h"
#include "review/password_hash.h"
#include "review/principal.h"
#include "review/review_app.h"
#include "tests/support/pg_fixture.h"

namespace xmatch::review {

// Cheap scrypt for tests (the parameters travel in the stored hash).
inline const ScryptParams kTestScrypt{10, 8, 1};
inline constexpr char kTestPassword[] = "correct-horse-42";

class ReviewTest : public testing::PgTest {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Rebuilds the app (e.g. with https = true); the clock stays the fixture's.
  void MakeApp(ReviewAppOptions options);
  ReviewApp& app() { return *app_; }
  ConnectionPool& pool() { return *pool_; }

  // Adds a user with kTestPassword.
  void AddTestUser(const std::string& username, Role role, std::vector<std::string> regions);

  struct Session {
    std::string cookie;  // "xm_session=..."
    std::string csrf;
  };
  // Logs in and returns the session; fails the test if the login fails.
  Session LoginAs(const std::string& username, const std::string& password = kTestPassword);

  ApiResponse Call(const std::string& method, const std::string& path,
                   const Session* session = nullptr, const std::string& body = "",
                   bool with_csrf = true);

  // The value of the first header `name` of `response`, or "".
  static std::string HeaderOf(const ApiResponse& response, const std::string& name);
  // How many audit rows have `action` (and `actor`, when given).
  long AuditRows(const std::string& action, const std::string& actor = "");

  std::chrono::system_clock::time_point now_ = std::chrono::system_clock::now();
  std::vector<EmbeddedFile> web_files_ = {
      {"index.html", "<html>queue</html>"},
      {"login.html", "<html>login</html>"},
      {"app.js", "console.log('xmatch');"},
  };

 private:
  std::unique_ptr<ConnectionPool> pool_;
  std::unique_ptr<ReviewApp> app_;
};

}  // namespace xmatch::review
