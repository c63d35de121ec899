// The demo pipeline end to end, without serving: a small generated county goes through
// the real import, a real `xmatch dev-kafka` broker process, the connector and the match
// on the test PostgreSQL; every planted case must be found and no control flagged.
#include "demo/demo_pipeline.h"

#include <gtest/gtest.h>

#include <set>

#include "common/tests/temp_dir.h"
#include "connectors/kafka_connector.h"
#include "tests/support/pg_fixture.h"

namespace xmatch::demo {
namespace {

using test_support::TempDir;

// The project's agreements, in force for as long as the test suite may run.
std::string WriteAgreements(const TempDir& dir) {
  std::filesystem::create_directories(dir.path() + "/agreements");
  const char* kAgreements[][3] = {
      {"public_security", "ps-2026-001", "[death, deregistration, detention]"},
      {"justice", "sf-2026-001", "[imprisonment, release, community_correction]"},
      {"health", "wj-2026-001", "[death_certificate]"},
      {"pension", "rs-2026-001", "[pension_payment, pension_stop]"},
  };
  for (const auto& a : kAgreements) {
    dir.Write(std::string("agreements/") + a[0] + ".yaml",
              std::string("id: ") + a[1] + "\nprovider: " + a[0] + "\nkinds: " + a[2] +
                  "\nfields: " + (std::string(a[0]) == "health" ? "[]" : "[name]") +
                  "\npurpose: test\nvalid_from: 2020-01-01\nvalid_to: 2099-12-31\n"
                  "retention_days: 36500\n");
  }
  return dir.path() + "/agreements";
}

class DemoPipelineTest : public testing::PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    auto counties = LoadCounties((test_support::SourceRoot() / "config/divisions/counties.json").string());
    ASSERT_TRUE(counties.ok()) << counties.status().message();
    auto county = FindCounty(*counties, "640424");  // 泾源县, the smallest
    ASSERT_TRUE(county.ok());
    auto agreements = AgreementRegistry::LoadDir(WriteAgreements(dir_));
    ASSERT_TRUE(agreements.ok()) << agreements.status().message();
    agreements_ = std::move(*agreements);

    options_.county = *county;
    options_.generator = {.seed = 11, .households = 150, .months = 12,
                          .run_date = Date::FromValidYmd(2026, 11, 23), .keyring = nullptr};
    options_.data_dir = dir_.path() + "/data";
    options_.dsn = dsn();
    options_.xmatch_binary = XMATCH_BINARY;
    options_.broker_partitions = 2;
    options_.broker_log = dir_.path() + "/broker.log";
    options_.kafka.group_id = "demo-test";
    // A connector that rejoins the group waits out the previous member's session.
    options_.kafka.properties = {{"session.timeout.ms", "6000"}, {"heartbeat.interval.ms", "1000"}};
    options_.until_idle = std::chrono::milliseconds(1500);
    options_.out = &log_;
  }

  // (rule, member_id) of every clue.
  std::set<std::pair<std::string, std::string>> Clues() {
    std::set<std::pair<std::string, std::string>> clues;
    pqxx::work tx(conn());
    for (const auto& row : tx.exec("SELECT rule, member_id FROM clues")) {
      clues.emplace(row[0].c_str(), row[1].c_str());
    }
    return clues;
  }

  TempDir dir_;
  TokenKeyring keyring_ = TokenKeyring::FromSecrets({{1, "demo pipeline test key, 32 bytes!"}});
  AgreementRegistry agreements_;
  PipelineOptions options_;
  std::ostringstream log_;
};

TEST_F(DemoPipelineTest, FindsEveryPlantedCaseAndFlagsNoControl) {
  Result<PipelineResult> result = RunDemoPipeline(options_, keyring_, agreements_);
  ASSERT_TRUE(result.ok()) << result.status().message() << "\n" << log_.str();
  result->broker->Stop();
  EXPECT_TRUE(result->generated);
  EXPECT_TRUE(result->imported);

  // The same county again, to know what was planted.
  CountyOptions generator = options_.generator;
  generator.keyring = &keyring_;
  Result<CountyData> county = GenerateCounty(options_.county, generator);
  ASSERT_TRUE(county.ok());
  const auto clues = Clues();
  std::set<std::string> rules_found;
  for (const PlantedCase& c : county->planted) {
    const bool found = clues.count({c.rule, c.member_id}) != 0;
    EXPECT_EQ(found, c.raises_clue) << c.rule << " " << c.member_id << ": " << c.what;
    if (found) rules_found.insert(c.rule);
  }
  EXPECT_EQ(rules_found, (std::set<std::string>{"deceased", "imprisoned", "pension_income",
                                                "duplicate_enrollment"}));
  EXPECT_EQ(Count("rejects"), county->planted_rejects);
  EXPECT_GT(Count("dept_records"), 500);

  // The division names the pages and the ledger show.
  EXPECT_EQ(result->regions.inserted, RegionNames(options_.county).size());
  pqxx::work tx(conn());
  EXPECT_EQ(tx.exec1("SELECT name || ' ' || city_name FROM regions WHERE code = '640424'")[0]
                .as<std::string>(),
            "泾源县 固原市");
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM clues c WHERE NOT EXISTS "
                     "(SELECT 1 FROM regions r WHERE r.code = c.township_code)")[0].as<long>(),
            0);
}

TEST_F(DemoPipelineTest, RunningAgainReusesWhatIsThereAndRaisesNothingNew) {
  Result<PipelineResult> first = RunDemoPipeline(options_, keyring_, agreements_);
  ASSERT_TRUE(first.ok()) << first.status().message() << "\n" << log_.str();
  first->broker->Stop();
  const auto clues = Clues();
  const long records = Count("dept_records");

  Result<PipelineResult> again = RunDemoPipeline(options_, keyring_, agreements_);
  ASSERT_TRUE(again.ok()) << again.status().message() << "\n" << log_.str();
  again->broker->Stop();
  EXPECT_FALSE(again->generated);
  EXPECT_FALSE(again->imported);
  EXPECT_EQ(Clues(), clues);
  EXPECT_EQ(Count("dept_records"), records);
  EXPECT_EQ(again->match.total.new_this_run, 0u);
  EXPECT_EQ(again->regions.inserted + again->regions.updated, 0u);
}

// docs/runbook.md, "Add or renew an agreement" then "Replay a topic from an offset": a
// record rejected for an agreement nobody had signed lands once the agreement is in
// place and its topic is replayed; everything else replayed is a duplicate.
TEST_F(DemoPipelineTest, RunbookReplayAfterAddingAnAgreementLandsTheRejectedRecord) {
  Result<PipelineResult> first = RunDemoPipeline(options_, keyring_, agreements_);
  ASSERT_TRUE(first.ok()) << first.status().message() << "\n" << log_.str();
  const long records = Count("dept_records");

  dir_.Write("agreements/justice-2019.yaml",
             "id: sf-2019-001\nprovider: justice\nkinds: [imprisonment]\nfields: []\n"
             "purpose: test\nvalid_from: 2019-01-01\nvalid_to: 2099-12-31\n"
             "retention_days: 36500\n");
  auto agreements = AgreementRegistry::LoadDir(dir_.path() + "/agreements");
  ASSERT_TRUE(agreements.ok()) << agreements.status().message();
  {
    pqxx::work tx(conn());
    auto moved = tx.exec_params(
        "UPDATE consumer_offsets SET next_offset = 0, updated_at = now() "
        "WHERE consumer_group = $1 AND topic = 'justice.records'",
        options_.kafka.group_id);
    ASSERT_GT(moved.affected_rows(), 0u);
    tx.commit();
  }

  connectors::ConnectorOptions connect;
  connect.kafka = options_.kafka;
  connect.kafka.brokers = first->broker->first_line();
  connect.pg_dsn = dsn();
  connect.until_idle = std::chrono::milliseconds(1500);
  connectors::KafkaConnector connector(connect, keyring_, *agreements);
  std::atomic<bool> stop{false};
  ASSERT_TRUE(connector.Run(stop).ok());
  first->broker->Stop();

  const auto& stats = connector.stats();
  ASSERT_TRUE(stats.count("justice.records"));
  const connectors::TopicStats& justice = stats.at("justice.records");
  EXPECT_EQ(justice.landed, 1);
  EXPECT_EQ(justice.duplicates, justice.received - 1);
  for (const auto& [topic, s] : stats) {
    if (topic != "justice.records") {
      EXPECT_EQ(s.received, 0) << topic << " was not replayed";
    }
  }
  EXPECT_EQ(Count("dept_records"), records + 1);
}

}  // namespace
}  // namespace xmatch::demo
