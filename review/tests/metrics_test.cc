#include "review/metrics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace xmatch::review {
namespace {

using ::testing::HasSubstr;

TEST(RequestMetrics, CountsByRouteAndStatusWithACumulativeHistogram) {
  RequestMetrics metrics;
  metrics.Record("GET", "/api/clues", 200, std::chrono::milliseconds(3));
  metrics.Record("GET", "/api/clues", 200, std::chrono::milliseconds(30));
  metrics.Record("GET", "/api/clues", 401, std::chrono::microseconds(200));
  std::string text = metrics.Render();
  EXPECT_THAT(text, HasSubstr(
      "xmatch_http_requests_total{method=\"GET\",route=\"/api/clues\",status=\"200\"} 2\n"));
  EXPECT_THAT(text, HasSubstr(
      "xmatch_http_requests_total{method=\"GET\",route=\"/api/clues\",status=\"401\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("xmatch_http_request_duration_seconds_bucket{method=\"GET\","
                              "route=\"/api/clues\",le=\"0.001\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("xmatch_http_request_duration_seconds_bucket{method=\"GET\","
                              "route=\"/api/clues\",le=\"0.005\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("xmatch_http_request_duration_seconds_bucket{method=\"GET\","
                              "route=\"/api/clues\",le=\"+Inf\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("xmatch_http_request_duration_seconds_count{method=\"GET\","
                              "route=\"/api/clues\"} 3\n"));
}

}  // namespace
}  // namespace xmatch::review
