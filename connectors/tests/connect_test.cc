// `xmatch connect` and `xmatch feed import` end to end: the real binary as child
// processes, the broker as a separate `xmatch dev-kafka` process, a separate producer
// process, and PostgreSQL. Exactly once is checked against the broker's end offsets.
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "connectors/group_lock.h"
#include "connectors/tests/connect_env.h"
#include "connectors/tests/reject_lines.h"
#include "store/connection.h"
#include "store/embedded_postgres.h"
#include "store/migrations.h"
#include "tests/support/pg_fixture.h"

namespace xmatch::connectors {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using testing::ConnectEnv;
using testing::DevKafkaProcess;
using testing::QueryWatermarks;
using testing::ReadFile;
using testing::StartProducer;

const std::vector<std::string> kTopics = {"public_security.records", "justice.records",
                                          "health.records", "pension.records"};

int64_t QueryInt(const std::string& dsn, const std::string& query) {
  auto conn = store::Connect(dsn);
  if (!conn.ok()) {
    ADD_FAILURE() << conn.status().ToString();
    return -1;
  }
  return pqxx::nontransaction(**conn).exec1(query)[0].as<int64_t>();
}

std::map<TopicPartition, int64_t> StoredOffsets(const std::string& dsn) {
  std::map<TopicPartition, int64_t> stored;
  auto conn = store::Connect(dsn);
  if (!conn.ok()) {
    ADD_FAILURE() << conn.status().ToString();
    return stored;
  }
  pqxx::nontransaction tx(**conn);
  for (const auto& row : tx.exec("SELECT topic, partition, next_offset FROM consumer_offsets "
                                 "WHERE consumer_group = 'xmatch-connect'")) {
    stored[{row[0].as<std::string>(), row[1].as<int32_t>()}] = row[2].as<int64_t>();
  }
  return stored;
}

// End offsets of the partitions that hold anything (nothing is stored for empty ones).
std::map<TopicPartition, int64_t> NonEmptyEndOffsets(const std::string& brokers) {
  std::map<TopicPartition, int64_t> ends;
  for (const auto& [tp, marks] : QueryWatermarks(brokers, kTopics)) {
    if (marks.high > 0) ends[tp] = marks.high;
  }
  return ends;
}

// The sum over topics of one counter of `xmatch connect --stats`.
int64_t StatTotal(const std::string& stats, const std::string& counter) {
  std::regex line("\n  " + counter + " +([0-9]+)\n");
  int64_t total = 0;
  for (auto it = std::sregex_iterator(stats.begin(), stats.end(), line);
       it != std::sregex_iterator(); ++it) {
    total += std::stoll((*it)[1]);
  }
  return total;
}

int FreeLoopbackPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

class ConnectTest : public xmatch::testing::PgTest {
 protected:
  std::string Path(const std::string& name) const { return env_.dir() + "/" + name; }

  // Runs `xmatch connect --until-idle` to its end; its exit status.
  int ConnectUntilIdle(const std::string& dsn, const std::string& brokers, double idle_seconds,
                       const std::string& stdout_name) {
    auto connect = env_.StartConnect(dsn, brokers, idle_seconds, Path(stdout_name));
    return connect->Wait(180s).value_or(-1);
  }

  // Records r0 .. r<records-1> of generated_records.h, each once, from its own offset,
  // and the stored offsets at the broker's end offsets.
  void ExpectEveryRecordOnce(const std::string& dsn, const std::string& brokers,
                             int64_t records) {
    EXPECT_EQ(QueryInt(dsn, "SELECT count(*) FROM dept_records"), records);
    EXPECT_EQ(QueryInt(dsn, "SELECT count(*) FROM (SELECT DISTINCT origin_topic, "
                            "origin_partition, origin_offset FROM dept_records) o"),
              records);
    EXPECT_EQ(QueryInt(dsn, "SELECT count(*) FROM dept_records d JOIN generate_series(0, " +
                                std::to_string(records - 1) +
                                ") g ON d.record_id = 'r' || g AND d.origin_topic = "
                                "d.source || '.records'"),
              records);
    EXPECT_EQ(QueryInt(dsn, "SELECT count(*) FROM rejects"), 0);
    EXPECT_EQ(StoredOffsets(dsn), NonEmptyEndOffsets(brokers));
  }

  std::string ConnectStderr() const { return ReadFile(Path("connect.stderr")); }

  ConnectEnv env_;
};

TEST_F(ConnectTest, ProducedRecordsLandWithTheirOriginAndStats) {
  DevKafkaProcess kafka(2);
  ASSERT_FALSE(kafka.brokers().empty());
  ASSERT_EQ(StartProducer(kafka.brokers(), 0, 20000)->Wait(60s), 0);

  ASSERT_EQ(ConnectUntilIdle(dsn(), kafka.brokers(), 2, "out"), 0) << ConnectStderr();
  ExpectEveryRecordOnce(dsn(), kafka.brokers(), 20000);
  const std::string stats = ReadFile(Path("out"));
  EXPECT_THAT(stats, HasSubstr("topic pension.records\n  received              5000\n"
                               "  landed                5000\n"));
  EXPECT_EQ(StatTotal(stats, "consumer_lag"), 0);
  EXPECT_THAT(stats, ::testing::Not(HasSubstr("newest_event_landed   none")));

  // A second run finds nothing new to land.
  ASSERT_EQ(ConnectUntilIdle(dsn(), kafka.brokers(), 1, "out2"), 0);
  EXPECT_EQ(StatTotal(ReadFile(Path("out2")), "received"), 0);
  ExpectEveryRecordOnce(dsn(), kafka.brokers(), 20000);
}

TEST_F(ConnectTest, EveryRecordLandsOnceThoughTheConnectorIsKilledTwentyTimes) {
  DevKafkaProcess kafka(4);
  ASSERT_FALSE(kafka.brokers().empty());
  constexpr int64_t kRecords = 200000;
  // Spread over the kill phase, so kills hit batches being landed. 12,500 records of
  // ~250 bytes per partition: ~3 MB, inside the mock's ~5 MiB per partition.
  auto producer = StartProducer(kafka.brokers(), 0, kRecords, /*rate=*/2000);
  std::mt19937 rng(20261123);
  // Eight kills at a random moment after the run landed its first batch, twelve at a
  // random moment of start-up (reading the config, connecting, joining the group). Only
  // the first kind is waited for: a member restarted after a kill waits ~7 s for the
  // group to drop the killed one, so twenty of them would take minutes.
  std::uniform_int_distribution<int> startup_ms(100, 2500);
  std::uniform_int_distribution<int> landing_ms(0, 1000);
  int kills_while_landing = 0;
  for (int kill = 0; kill < 20; ++kill) {
    const int64_t landed_before = Count("dept_records");
    auto connect = env_.StartConnect(dsn(), kafka.brokers(), 60, Path("killed"));
    if (kill % 5 != 1 && kill % 5 != 3) {
      std::this_thread::sleep_for(std::chrono::milliseconds(startup_ms(rng)));
    } else {
      const auto give_up = std::chrono::steady_clock::now() + 20s;
      while (Count("dept_records") == landed_before &&
             std::chrono::steady_clock::now() < give_up) {
        std::this_thread::sleep_for(50ms);
      }
      if (Count("dept_records") > landed_before) ++kills_while_landing;
      std::this_thread::sleep_for(std::chrono::milliseconds(landing_ms(rng)));
    }
    connect->Signal(SIGKILL);
    ASSERT_EQ(connect->Wait(10s), 128 + SIGKILL);
  }
  const int64_t landed_while_killing = Count("dept_records");
  EXPECT_EQ(kills_while_landing, 8);
  ASSERT_EQ(producer->Wait(120s), 0);

  ASSERT_EQ(ConnectUntilIdle(dsn(), kafka.brokers(), 3, "final"), 0) << ConnectStderr();
  ExpectEveryRecordOnce(dsn(), kafka.brokers(), kRecords);
  // What the killed runs committed is exactly what the last run did not land again.
  EXPECT_EQ(StatTotal(ReadFile(Path("final")), "landed"), kRecords - landed_while_killing);
}

TEST_F(ConnectTest, TwoConnectorsShareTheGroupAndOneIsKilledAndRestarted) {
  DevKafkaProcess kafka(4);
  ASSERT_FALSE(kafka.brokers().empty());
  constexpr int64_t kRecords = 80000;
  // 20 s of records: the restarted member rejoins (~7 s) while they still arrive. Idle
  // times outlast a rebalance, during which no member receives anything.
  auto producer = StartProducer(kafka.brokers(), 0, kRecords, /*rate=*/4000);
  auto first = env_.StartConnect(dsn(), kafka.brokers(), 10, Path("first"));
  auto second = env_.StartConnect(dsn(), kafka.brokers(), 60, Path("second"));
  const auto give_up = std::chrono::steady_clock::now() + 30s;
  while (Count("dept_records") == 0 && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(50ms);
  }
  std::this_thread::sleep_for(1500ms);  // the group is landing
  second->Signal(SIGKILL);
  ASSERT_EQ(second->Wait(10s), 128 + SIGKILL);
  auto restarted = env_.StartConnect(dsn(), kafka.brokers(), 10, Path("restarted"));
  ASSERT_EQ(producer->Wait(120s), 0);
  ASSERT_EQ(first->Wait(180s), 0) << ConnectStderr();
  ASSERT_EQ(restarted->Wait(180s), 0) << ConnectStderr();

  ExpectEveryRecordOnce(dsn(), kafka.brokers(), kRecords);
  // Both survivors landed part of the stream: the partitions were shared.
  const int64_t by_first = StatTotal(ReadFile(Path("first")), "landed");
  const int64_t by_restarted = StatTotal(ReadFile(Path("restarted")), "landed");
  EXPECT_GT(by_first, 0);
  EXPECT_GT(by_restarted, 0);
  EXPECT_LE(by_first + by_restarted, kRecords);
}

TEST_F(ConnectTest, PostgresStoppedMidStreamLosesNothingAndDuplicatesNothing) {
  // A server of this test's own, restarted on the same port and data directory.
  std::string data_dir =
      (std::filesystem::temp_directory_path() / "xmatch-connect-pg-XXXXXX").string();
  ASSERT_NE(mkdtemp(data_dir.data()), nullptr);
  store::EmbeddedPostgres pg({.data_dir = data_dir, .remove_on_stop = false,
                              .port = FreeLoopbackPort(), .durable = false});
  ASSERT_TRUE(pg.Start().ok());
  {
    auto conn = store::Connect(pg.Dsn());
    ASSERT_TRUE(conn.ok());
    ASSERT_TRUE(store::Migrate(**conn).ok());
  }
  DevKafkaProcess kafka(4);
  ASSERT_FALSE(kafka.brokers().empty());
  constexpr int64_t kRecords = 60000;
  auto producer = StartProducer(kafka.brokers(), 0, kRecords, /*rate=*/6000);
  auto connect = env_.StartConnect(pg.Dsn(), kafka.brokers(), 4, Path("out"));
  std::this_thread::sleep_for(5s);  // joined, landing
  const int64_t before_stop = QueryInt(pg.Dsn(), "SELECT count(*) FROM dept_records");
  ASSERT_TRUE(pg.Stop().ok());
  std::this_thread::sleep_for(4s);
  ASSERT_TRUE(pg.Start().ok());
  ASSERT_EQ(producer->Wait(120s), 0);
  ASSERT_EQ(connect->Wait(180s), 0) << ConnectStderr();

  EXPECT_GT(before_stop, 0);
  ExpectEveryRecordOnce(pg.Dsn(), kafka.brokers(), kRecords);
  EXPECT_THAT(ConnectStderr(), HasSubstr("did not land, retrying"));
  EXPECT_EQ(StatTotal(ReadFile(Path("out")), "received"), kRecords);
  ASSERT_TRUE(pg.Stop().ok());
  std::filesystem::remove_all(data_dir);
}

TEST_F(ConnectTest, BrokerDownMidStreamLosesNothingAndDuplicatesNothing) {
  DevKafkaProcess kafka(4);
  ASSERT_FALSE(kafka.brokers().empty());
  constexpr int64_t kRecords = 40000;
  // 8 s of records; the producer buffers and retries through the outage. librdkafka
  // reconnects with a backoff of up to 10 s (reconnect.backoff.max.ms), so the connector
  // is stopped with SIGTERM once everything landed rather than by an idle time.
  auto producer = StartProducer(kafka.brokers(), 0, kRecords, /*rate=*/5000);
  auto connect = env_.StartConnect(dsn(), kafka.brokers(), 120, Path("out"));
  const auto give_up = std::chrono::steady_clock::now() + 30s;
  while (Count("dept_records") == 0 && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(50ms);
  }
  kafka.SetBrokerUp(false);
  std::this_thread::sleep_for(5s);
  const int64_t during_outage = Count("dept_records");
  std::this_thread::sleep_for(1s);
  EXPECT_EQ(Count("dept_records"), during_outage);  // nothing arrives while it is down
  kafka.SetBrokerUp(true);
  ASSERT_EQ(producer->Wait(120s), 0);
  const auto landed_by = std::chrono::steady_clock::now() + 90s;
  while (Count("dept_records") < kRecords && std::chrono::steady_clock::now() < landed_by) {
    std::this_thread::sleep_for(100ms);
  }
  connect->Signal(SIGTERM);
  ASSERT_EQ(connect->Wait(30s), 0) << ConnectStderr();

  EXPECT_GT(during_outage, 0);
  EXPECT_LT(during_outage, kRecords);
  ExpectEveryRecordOnce(dsn(), kafka.brokers(), kRecords);
  EXPECT_EQ(StatTotal(ReadFile(Path("out")), "received"), kRecords);
}

TEST_F(ConnectTest, OffsetNoLongerOnTheBrokerIsRecordedAsAGap) {
  DevKafkaProcess kafka(1);
  ASSERT_FALSE(kafka.brokers().empty());
  // ~6.5 MB per topic: the mock keeps ~5 MiB per partition and drops the oldest.
  ASSERT_EQ(StartProducer(kafka.brokers(), 0, 20000, 0, /*padding=*/1200)->Wait(60s), 0);
  std::map<TopicPartition, testing::Watermarks> marks = QueryWatermarks(kafka.brokers(), kTopics);
  int64_t available = 0;
  for (const auto& [tp, m] : marks) {
    ASSERT_GT(m.low, 0) << tp.topic << ": the broker kept everything; produce more";
    available += m.high - m.low;
  }
  // This group read nothing yet but stored offset 0, long ago.
  pqxx::nontransaction(conn()).exec0(
      "INSERT INTO consumer_offsets (consumer_group, topic, partition, next_offset) "
      "SELECT 'xmatch-connect', t, 0, 0 FROM unnest(ARRAY['public_security.records', "
      "'justice.records', 'health.records', 'pension.records']) t");

  ASSERT_EQ(ConnectUntilIdle(dsn(), kafka.brokers(), 2, "out"), 0) << ConnectStderr();
  for (const auto& [tp, m] : marks) {
    EXPECT_EQ(QueryInt(dsn(), "SELECT count(*) FROM offset_gaps WHERE consumer_group = "
                              "'xmatch-connect' AND topic = '" + tp.topic +
                              "' AND partition = 0 AND from_offset = 0 AND to_offset = " +
                              std::to_string(m.low)),
              1);
  }
  EXPECT_EQ(Count("offset_gaps"), 4);
  EXPECT_EQ(Count("dept_records"), available);
  EXPECT_EQ(StoredOffsets(dsn()), NonEmptyEndOffsets(kafka.brokers()));
  EXPECT_THAT(ConnectStderr(), HasSubstr("are no longer on the broker"));
  const std::string stats = ReadFile(Path("out"));
  EXPECT_EQ(StatTotal(stats, "offset_gaps"), 4);
  // The padding is a field no agreement allows: dropped from every landed record.
  EXPECT_EQ(QueryInt(dsn(), "SELECT sum(count) FROM dropped_fields WHERE field = 'padding'"),
            available);
  EXPECT_EQ(StatTotal(stats, "dropped_fields"), available);
}

// docs/runbook.md "Replay a topic from an offset", as the runbook does it: `xmatch
// offsets set` while no connector runs, then the connector again.
class ReplayTest : public ConnectTest {
 protected:
  // `xmatch offsets set ARGS...`: its exit status; stdout in offsets.out (this call's),
  // stderr appended to offsets.stderr.
  int OffsetsSet(const std::vector<std::string>& args) {
    std::vector<std::string> command = {"offsets", "set"};
    command.insert(command.end(), args.begin(), args.end());
    return env_.Run(command, dsn(), "", Path("offsets.out"), Path("offsets.stderr"));
  }

  // True once some session holds the consumer-group lock of connectors/group_lock.h.
  bool GroupLockHeld() {
    return QueryInt(dsn(), "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                           "AND classid = " + std::to_string(kGroupLockClass) +
                               "::oid AND objsubid = 2 AND granted") > 0;
  }

  void LandFourThousandRecords(const std::string& brokers) {
    ASSERT_EQ(StartProducer(brokers, 0, 4000)->Wait(60s), 0);
    ASSERT_EQ(ConnectUntilIdle(dsn(), brokers, 2, "out"), 0) << ConnectStderr();
    ExpectEveryRecordOnce(dsn(), brokers, 4000);
  }
};

TEST_F(ReplayTest, MovingOffsetsBackAndReconnectingDuplicatesNothing) {
  DevKafkaProcess kafka(2);
  ASSERT_FALSE(kafka.brokers().empty());
  LandFourThousandRecords(kafka.brokers());
  const std::map<TopicPartition, int64_t> ends = NonEmptyEndOffsets(kafka.brokers());
  ASSERT_EQ(env_.Run({"offsets", "list"}, dsn(), "", Path("list.out"), Path("offsets.stderr")),
            0);
  std::string listed;
  for (const auto& [tp, end] : ends) {
    listed += tp.topic + ":" + std::to_string(tp.partition) + " next_offset " +
              std::to_string(end) + "\n";
  }
  EXPECT_EQ(ReadFile(Path("list.out")), listed);

  // Refused while a connector of the group runs: it holds the group's lock.
  auto running = env_.StartConnect(dsn(), kafka.brokers(), 60, Path("running"));
  const auto give_up = std::chrono::steady_clock::now() + 20s;
  while (!GroupLockHeld() && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(50ms);
  }
  ASSERT_TRUE(GroupLockHeld()) << ConnectStderr();
  EXPECT_NE(OffsetsSet({"--topic", "justice.records", "--to", "0"}), 0);
  EXPECT_THAT(ReadFile(Path("offsets.stderr")),
              HasSubstr("a connector of consumer group xmatch-connect is running"));
  EXPECT_EQ(StoredOffsets(dsn()), ends);
  running->Signal(SIGTERM);
  ASSERT_EQ(running->Wait(30s), 0);

  // A whole topic to offset 0, one partition to the oldest message held, one partition
  // to an offset (the producer spreads records over partitions at random: the test takes
  // the first partition that holds any).
  ASSERT_EQ(OffsetsSet({"--topic", "justice.records", "--to", "0"}), 0)
      << ReadFile(Path("offsets.stderr"));
  std::string moved_justice;
  for (const auto& [tp, end] : ends) {
    if (tp.topic == "justice.records") {
      moved_justice += tp.topic + ":" + std::to_string(tp.partition) + " next_offset " +
                       std::to_string(end) + " -> 0\n";
    }
  }
  EXPECT_EQ(ReadFile(Path("offsets.out")), moved_justice);
  const TopicPartition health = ends.lower_bound({"health.records", 0})->first;
  const TopicPartition pension = ends.lower_bound({"pension.records", 0})->first;
  const int64_t pension_to = ends.at(pension) / 2;
  ASSERT_EQ(OffsetsSet({"--topic", "health.records", "--partition",
                        std::to_string(health.partition), "--to", "earliest"}),
            0);
  ASSERT_EQ(OffsetsSet({"--topic", "pension.records", "--partition",
                        std::to_string(pension.partition), "--to", std::to_string(pension_to)}),
            0);
  const int64_t replayed = 1000 + ends.at(health) + ends.at(pension) - pension_to;

  ASSERT_EQ(ConnectUntilIdle(dsn(), kafka.brokers(), 2, "replay"), 0) << ConnectStderr();
  const std::string stats = ReadFile(Path("replay"));
  EXPECT_EQ(StatTotal(stats, "received"), replayed);
  EXPECT_EQ(StatTotal(stats, "duplicates"), replayed);
  EXPECT_EQ(StatTotal(stats, "landed"), 0);
  ExpectEveryRecordOnce(dsn(), kafka.brokers(), 4000);

  // Forward would skip records: refused, nothing moved.
  EXPECT_NE(OffsetsSet({"--topic", "justice.records", "--partition", "0", "--to", "999999"}), 0);
  EXPECT_THAT(ReadFile(Path("offsets.stderr")), HasSubstr("only moves back"));
  EXPECT_EQ(StoredOffsets(dsn()), ends);
}

TEST_F(ReplayTest, ReplayAfterAPurgeLandsThePurgedRecordsOnce) {
  DevKafkaProcess kafka(2);
  ASSERT_FALSE(kafka.brokers().empty());
  LandFourThousandRecords(kafka.brokers());
  // As the retention purge does: the records are gone from PostgreSQL, not from Kafka.
  pqxx::nontransaction(conn()).exec0("DELETE FROM dept_records WHERE source = 'pension'");
  ASSERT_EQ(Count("dept_records"), 3000);

  ASSERT_EQ(OffsetsSet({"--topic", "pension.records", "--to", "earliest"}), 0)
      << ReadFile(Path("offsets.stderr"));
  EXPECT_THAT(ReadFile(Path("offsets.out")), HasSubstr("pension.records:"));
  EXPECT_THAT(ReadFile(Path("offsets.out")), HasSubstr(" -> earliest\n"));
  ASSERT_EQ(ConnectUntilIdle(dsn(), kafka.brokers(), 2, "replay"), 0) << ConnectStderr();
  EXPECT_EQ(StatTotal(ReadFile(Path("replay")), "landed"), 1000);
  ExpectEveryRecordOnce(dsn(), kafka.brokers(), 4000);

  // Replaying again lands nothing more.
  ASSERT_EQ(OffsetsSet({"--topic", "pension.records", "--to", "0"}), 0);
  ASSERT_EQ(ConnectUntilIdle(dsn(), kafka.brokers(), 2, "again"), 0) << ConnectStderr();
  EXPECT_EQ(StatTotal(ReadFile(Path("again")), "landed"), 0);
  ExpectEveryRecordOnce(dsn(), kafka.brokers(), 4000);
}

// Lines of a file as Kafka messages or as a feed file: the same rejects either way.
class RejectPathsTest : public ConnectTest {
 protected:
  std::string WriteLines() {
    const std::string path = Path("ps.jsonl");
    std::ofstream out(path);
    for (const std::string& line : testing::ValidLines()) out << line << "\n";
    for (const auto& [code, line] : testing::RejectLines()) out << line << "\n";
    return path;
  }

  void ExpectEveryReasonOnce() {
    EXPECT_EQ(Count("dept_records"), 2);  // ok-1 (first copy) and ok-2
    pqxx::nontransaction tx(conn());
    std::set<std::string> codes;
    for (const auto& row : tx.exec("SELECT reason_code, reason, payload FROM rejects")) {
      EXPECT_TRUE(codes.insert(row[0].as<std::string>()).second) << row[0].c_str();
      EXPECT_FALSE(row[1].as<std::string>().empty());
      EXPECT_EQ(row[2].as<std::string>().find(testing::kValidId), std::string::npos);
      EXPECT_EQ(row[2].as<std::string>().find("110105194912310021"), std::string::npos);
    }
    std::set<std::string> expected;
    for (const auto& [code, line] : testing::RejectLines()) expected.insert(code);
    EXPECT_EQ(codes, expected);
    EXPECT_EQ(tx.exec1("SELECT fields->>'death_date' FROM dept_records WHERE record_id = 'ok-1'")[0]
                  .as<std::string>(),
              "2026-01-14");
    EXPECT_EQ(tx.exec1("SELECT count FROM dropped_fields WHERE agreement_id = 'ps-2026-001' "
                       "AND field = 'address'")[0]
                  .as<int64_t>(),
              1);
  }
};

TEST_F(RejectPathsTest, EveryRejectReasonFromKafkaLandsWithItsOffset) {
  DevKafkaProcess kafka(1);
  ASSERT_FALSE(kafka.brokers().empty());
  ASSERT_EQ(testing::ProduceFile(kafka.brokers(), "public_security.records", WriteLines()), 0);
  ASSERT_EQ(ConnectUntilIdle(dsn(), kafka.brokers(), 1, "out"), 0) << ConnectStderr();

  ExpectEveryReasonOnce();
  EXPECT_EQ(QueryInt(dsn(), "SELECT count(*) FROM rejects WHERE origin_topic = "
                            "'public_security.records' AND origin_partition = 0 AND "
                            "origin_offset BETWEEN 3 AND 15 AND origin_file IS NULL"),
            13);
  const std::string stats = ReadFile(Path("out"));
  EXPECT_THAT(stats, HasSubstr("  rejected              13\n"));
  EXPECT_THAT(stats, HasSubstr("  rejected.bad_id       1\n"));
  EXPECT_THAT(stats, HasSubstr("  duplicates            1\n"));
  EXPECT_THAT(stats, HasSubstr("  dropped_fields        1\n"));
}

TEST_F(RejectPathsTest, FeedImportLandsTheSameAndTwiceAddsNothing) {
  const std::string file = WriteLines();
  ASSERT_EQ(env_.FeedImport(dsn(), "public_security", file, Path("out1")), 0)
      << ReadFile(Path("feed.stderr"));
  EXPECT_THAT(ReadFile(Path("out1")),
              HasSubstr(": 16 records: 2 landed, 1 already present, 13 rejected (13 new in "
                        "rejects), 1 fields dropped\n"));
  ExpectEveryReasonOnce();
  EXPECT_EQ(QueryInt(dsn(), "SELECT count(*) FROM rejects WHERE origin_file = '" +
                                std::filesystem::canonical(file).string() +
                                "' AND origin_line BETWEEN 4 AND 16 AND origin_topic IS NULL"),
            13);

  ASSERT_EQ(env_.FeedImport(dsn(), "public_security", file, Path("out2")), 0);
  EXPECT_THAT(ReadFile(Path("out2")),
              HasSubstr(": 16 records: 0 landed, 3 already present, 13 rejected (0 new in "
                        "rejects), 0 fields dropped\n"));
  ExpectEveryReasonOnce();
}

}  // namespace
}  // namespace xmatch::connectors
