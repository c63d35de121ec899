// /livez, /readyz and /metrics against the real PostgreSQL.
#include <regex>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "review/tests/review_test_env.h"

namespace xmatch::review {
namespace {

using ::testing::HasSubstr;

class Health : public ReviewTest {};

TEST_F(Health, LivezAnswersWithoutTouchingAnything) {
  ApiResponse r = Call("GET", "/livez");
  EXPECT_EQ(r.status, 200);
  EXPECT_THAT(r.body, HasSubstr("ok"));
}

TEST_F(Health, ReadyzChecksTheDatabaseAndTheSchemaVersion) {
  EXPECT_EQ(Call("GET", "/readyz").status, 200);
  {
    pqxx::work tx(conn());
    tx.exec0("DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM "
             "schema_migrations)");
    tx.commit();
  }
  ApiResponse behind = Call("GET", "/readyz");
  EXPECT_EQ(behind.status, 503);
  EXPECT_THAT(behind.body, HasSubstr("xmatch db migrate"));
}

TEST_F(Health, ReadyzIs503WhenTheDatabaseIsAway) {
  ConnectionPool unreachable("host=127.0.0.1 port=1 dbname=x connect_timeout=2", 1);
  ReviewApp app(unreachable, ReviewAppOptions{}, SystemClock(), web_files_);
  ApiRequest request;
  request.method = "GET";
  request.path = "/readyz";
  EXPECT_EQ(app.Handle(request).status, 503);
  request.path = "/livez";
  EXPECT_EQ(app.Handle(request).status, 200);
  request.path = "/metrics";
  ApiResponse metrics = app.Handle(request);
  EXPECT_EQ(metrics.status, 200);
  EXPECT_THAT(metrics.body, HasSubstr("xmatch_database_up 0\n"));
}

// Every line of the text format: a comment (# HELP / # TYPE) or `name{labels} value`.
void ExpectPrometheusText(const std::string& text) {
  static const std::regex kSample(
      R"re([a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? -?[0-9.eE+-]+|[a-zA-Z_:][a-zA-Z0-9_:]*\{.*\} \+Inf)re");
  static const std::regex kComment(R"re(# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*)re");
  std::istringstream lines(text);
  std::string line;
  int samples = 0;
  while (std::getline(lines, line)) {
    if (line.starts_with("#")) {
      EXPECT_TRUE(std::regex_match(line, kComment)) << line;
    } else {
      EXPECT_TRUE(std::regex_match(line, kSample)) << line;
      ++samples;
    }
  }
  EXPECT_GT(samples, 0);
}

TEST_F(Health, MetricsAreValidPrometheusTextWithRequestsAndDatabaseGauges) {
  {
    pqxx::work tx(conn());
    tx.exec0("INSERT INTO match_runs (id, run_date, mode, status, finished_at) "
             "VALUES (1, '2026-11-01', 'full', 'succeeded', now())");
    tx.exec0("INSERT INTO clues (clue_key, rule, rule_version, member_id, household_id, "
             "region_code, program, overpaid_periods, overpaid_amount, evidence, evidence_hash, "
             "first_run_id, last_run_id, status) VALUES "
             "('k1', 'deceased', '1', 'M1', 'H1', '411222100001', 'dibao_rural', 2, 100, '[]', "
             "'h', 1, 1, 'new'), "
             "('k2', 'deceased', '1', 'M2', 'H2', '411222100001', 'dibao_rural', 2, 100, '[]', "
             "'h', 1, 1, 'new'), "
             "('k3', 'imprisoned', '1', 'M3', 'H3', '411222100001', 'dibao_rural', 1, 50, '[]', "
             "'h', 1, 1, 'dismissed')");
    tx.exec0("INSERT INTO rejects (source, reason_code, reason, payload) VALUES "
             "('health', 'bad_json', 'not JSON', '{'), ('health', 'bad_json', 'not JSON', '[')");
    tx.commit();
  }
  Call("GET", "/livez");
  Call("GET", "/api/me");
  ApiResponse r = Call("GET", "/metrics");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/plain; version=0.0.4; charset=utf-8");
  ExpectPrometheusText(r.body);
  EXPECT_THAT(r.body, HasSubstr("xmatch_database_up 1\n"));
  EXPECT_THAT(r.body, HasSubstr("xmatch_clues{rule=\"deceased\",status=\"new\"} 2\n"));
  EXPECT_THAT(r.body, HasSubstr("xmatch_clues{rule=\"imprisoned\",status=\"dismissed\"} 1\n"));
  EXPECT_THAT(r.body,
              HasSubstr("xmatch_connector_rejects_total{source=\"health\",reason=\"bad_json\"} 2\n"));
  EXPECT_THAT(r.body, HasSubstr("xmatch_match_runs_total{status=\"succeeded\"} 1\n"));
  EXPECT_THAT(r.body, HasSubstr(
      "xmatch_http_requests_total{method=\"GET\",route=\"/livez\",status=\"200\"} 1\n"));
  EXPECT_THAT(r.body, HasSubstr(
      "xmatch_http_requests_total{method=\"GET\",route=\"/api/me\",status=\"401\"} 1\n"));
}

}  // namespace
}  // namespace xmatch::review
