#include "connectors/connector_stats.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace xmatch::connectors {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(ConnectorStats, MergeSumsCountersAndKeepsTheNewestEventTime) {
  TopicStats total;
  total.newest_event_ms = 2000;
  TopicStats batch;
  batch.received = 5;
  batch.landed = 3;
  batch.rejected["bad_id"] = 2;
  batch.newest_event_ms = 1000;
  total.Merge(batch);
  total.Merge(batch);
  EXPECT_EQ(total.received, 10);
  EXPECT_EQ(total.landed, 6);
  EXPECT_EQ(total.rejected_total(), 4);
  EXPECT_EQ(total.newest_event_ms, 2000);
}

TEST(ConnectorStats, PrometheusFamiliesPerTopicWithUnknownGaugesLeftOut) {
  TopicStats justice;
  justice.received = 12;
  justice.landed = 9;
  justice.duplicates = 1;
  justice.rejected["bad_id"] = 2;
  justice.dropped_fields = 4;
  justice.lag = 7;
  justice.newest_event_ms = 1764720000123;
  TopicStats health;  // nothing yet: no lag reading, no event landed
  const std::string text =
      FormatPrometheus({{"justice.records", justice}, {"health.records", health}});
  EXPECT_THAT(text, HasSubstr("# TYPE xmatch_connector_received_total counter\n"));
  EXPECT_THAT(text, HasSubstr("xmatch_connector_received_total{topic=\"justice.records\"} 12\n"));
  EXPECT_THAT(text, HasSubstr("xmatch_connector_landed_total{topic=\"justice.records\"} 9\n"));
  EXPECT_THAT(text, HasSubstr("xmatch_connector_landed_total{topic=\"health.records\"} 0\n"));
  EXPECT_THAT(text, HasSubstr("xmatch_connector_duplicates_total{topic=\"justice.records\"} 1\n"));
  EXPECT_THAT(text, HasSubstr(
      "xmatch_connector_rejected_total{topic=\"justice.records\",reason=\"bad_id\"} 2\n"));
  EXPECT_THAT(text,
              HasSubstr("xmatch_connector_fields_dropped_total{topic=\"justice.records\"} 4\n"));
  EXPECT_THAT(text, HasSubstr("xmatch_connector_consumer_lag{topic=\"justice.records\"} 7\n"));
  EXPECT_THAT(text, HasSubstr("xmatch_connector_newest_event_timestamp_seconds"
                              "{topic=\"justice.records\"} 1764720000.123\n"));
  EXPECT_THAT(text, Not(HasSubstr("xmatch_connector_consumer_lag{topic=\"health.records\"}")));
  EXPECT_THAT(text, Not(HasSubstr(
      "xmatch_connector_newest_event_timestamp_seconds{topic=\"health.records\"}")));
}

TEST(ConnectorStats, LiveStatsHandsOutWhatWasLastPublished) {
  LiveStats live;
  EXPECT_TRUE(live.Snapshot().empty());
  TopicStats s;
  s.landed = 3;
  live.Publish({{"pension.records", s}});
  s.landed = 5;
  live.Publish({{"pension.records", s}});
  EXPECT_EQ(live.Snapshot().at("pension.records").landed, 5);
}

}  // namespace
}  // namespace xmatch::connectors
