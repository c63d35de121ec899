#include "common/prometheus_text.h"

#include <gtest/gtest.h>

namespace xmatch {
namespace {

TEST(PrometheusText, EscapesQuotesBackslashesAndNewlinesInLabelValues) {
  EXPECT_EQ(EscapeLabelValue("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
  EXPECT_EQ(EscapeLabelValue("公安.records"), "公安.records");
}

TEST(PrometheusText, WritesLabelsAndFamilyHeaders) {
  EXPECT_EQ(PrometheusLabel("topic", "x\"y"), "topic=\"x\\\"y\"");
  EXPECT_EQ(PrometheusFamilyHeader("xmatch_x_total", "counter", "Things."),
            "# HELP xmatch_x_total Things.\n# TYPE xmatch_x_total counter\n");
}

}  // namespace
}  // namespace xmatch
