// connect_bench: how fast department records land in PostgreSQL, exactly once.
//
//   connect_bench [--records N] [--partitions P] [--file-records M]
//
// Starts a private PostgreSQL (EmbeddedPostgres, durability off) and a dev-kafka mock
// cluster (P partitions per department topic, default 8), both in this process's
// machine. Then:
//  1. Kafka -> PostgreSQL: N records (default 1,000,000) of generated_records.h over
//     the four topics, consumed by a KafkaConnector while a producer thread keeps at
//     most ~2.5 MB per partition unconsumed (the mock keeps only ~5 MiB per partition
//     and drops the oldest). Prints records/s from the first landed batch to the last,
//     and checks that every record landed exactly once, each from its own offset.
//  2. The file path: `feed import` of an M-line public_security file (default N), then
//     the same file again (which must add nothing). Prints lines/s of each.
// Exits non-zero when a check fails. A program, not a test: it takes about a minute.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>

#include <fmt/format.h>
#include <librdkafka/rdkafka.h>
#include <pqxx/pqxx>

#include "common/logging.h"
#include "connectors/dev_kafka.h"
#include "connectors/feed_import.h"
#include "connectors/kafka_connector.h"
#include "connectors/tests/generated_records.h"
#include "connectors/tests/test_agreements.h"
#include "store/connection.h"
#include "store/embedded_postgres.h"
#include "store/migrations.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using xmatch::Status;
using xmatch::connectors::testing::GeneratedRecord;
using xmatch::connectors::testing::GeneratedTopic;

constexpr char kGroup[] = "connect-bench";
// Unconsumed records allowed per partition: ~10,000 x ~250 bytes, half the mock's limit.
constexpr int64_t kBacklogPerPartition = 10000;

struct Flags {
  int64_t records = 1000000;
  int partitions = 8;
  int64_t file_records = -1;  // -1: as many as records
};

[[noreturn]] void Die(const std::string& what) {
  std::cerr << "connect_bench: " << what << "\n";
  std::exit(1);
}

void Check(const Status& status, const std::string& what) {
  if (!status.ok()) Die(what + ": " + status.ToString());
}

Flags ParseFlags(int argc, char** argv) {
  Flags flags;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--records" && i + 1 < argc) {
      flags.records = std::atoll(argv[++i]);
    } else if (arg == "--partitions" && i + 1 < argc) {
      flags.partitions = std::atoi(argv[++i]);
    } else if (arg == "--file-records" && i + 1 < argc) {
      flags.file_records = std::atoll(argv[++i]);
    } else {
      Die("usage: connect_bench [--records N] [--partitions P] [--file-records M]");
    }
  }
  if (flags.file_records < 0) flags.file_records = flags.records;
  return flags;
}

int64_t QueryInt(pqxx::connection& conn, const std::string& query) {
  return pqxx::nontransaction(conn).exec1(query)[0].as<int64_t>();
}

// Records landed by the connector so far: the sum of its stored next offsets (each
// partition starts at 0 on a fresh mock cluster).
int64_t LandedOffsets(pqxx::connection& conn) {
  return QueryInt(conn, fmt::format("SELECT coalesce(sum(next_offset), 0) FROM "
                                    "consumer_offsets WHERE consumer_group = '{}'",
                                    kGroup));
}

// Produces records [0, total) in order, never more than `max_backlog` ahead of what
// `landed` reports.
void ProduceInRounds(const std::string& brokers, int64_t total, int64_t max_backlog,
                     const std::atomic<int64_t>& landed) {
  char error[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", brokers.c_str(), error, sizeof error);
  rd_kafka_conf_set(conf, "linger.ms", "20", error, sizeof error);
  rd_kafka_conf_set(conf, "enable.idempotence", "true", error, sizeof error);
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
  if (rk == nullptr) Die(std::string("producer: ") + error);
  for (int64_t i = 0; i < total; ++i) {
    while (i - landed.load() >= max_backlog) {
      rd_kafka_poll(rk, 0);
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    const std::string topic = GeneratedTopic(i);
    const std::string value = GeneratedRecord(i);
    const std::string key = "r" + std::to_string(i);
    for (;;) {
      rd_kafka_resp_err_t err = rd_kafka_producev(
          rk, RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_KEY(key.data(), key.size()),
          RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
          RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
      if (err == RD_KAFKA_RESP_ERR_NO_ERROR) break;
      if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) Die(std::string("produce: ") + rd_kafka_err2str(err));
      rd_kafka_poll(rk, 10);
    }
    if (i % 1000 == 0) rd_kafka_poll(rk, 0);
  }
  if (rd_kafka_flush(rk, 60000) != RD_KAFKA_RESP_ERR_NO_ERROR) Die("producer: flush timed out");
  rd_kafka_destroy(rk);
}

void KafkaToPostgres(const Flags& flags, const std::string& dsn, const std::string& brokers,
                     const xmatch::TokenKeyring& keyring,
                     const xmatch::AgreementRegistry& agreements) {
  xmatch::connectors::ConnectorOptions options;
  options.kafka.brokers = brokers;
  options.kafka.group_id = kGroup;
  options.pg_dsn = dsn;
  xmatch::connectors::KafkaConnector connector(options, keyring, agreements);
  std::atomic<bool> stop{false};
  Status run_status;
  std::thread consumer([&] { run_status = connector.Run(stop); });

  std::atomic<int64_t> landed{0};
  const int64_t backlog = kBacklogPerPartition * flags.partitions * 4;
  std::thread producer([&] { ProduceInRounds(brokers, flags.records, backlog, landed); });

  auto conn = xmatch::store::Connect(dsn);
  if (!conn.ok()) Die(conn.status().ToString());
  Clock::time_point first, last;
  int64_t landed_at_first = 0;
  const Clock::time_point give_up = Clock::now() + std::chrono::minutes(10);
  while (landed.load() < flags.records) {
    if (Clock::now() > give_up) Die("not every record landed within 10 minutes");
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    const int64_t now_landed = LandedOffsets(**conn);
    if (now_landed > 0 && landed.load() == 0) {
      first = Clock::now();
      landed_at_first = now_landed;
    }
    landed.store(now_landed);
  }
  last = Clock::now();
  producer.join();
  stop.store(true);
  consumer.join();
  Check(run_status, "connector");

  const double seconds = std::chrono::duration<double>(last - first).count();
  const int64_t rows = QueryInt(**conn, "SELECT count(*) FROM dept_records");
  const int64_t origins = QueryInt(
      **conn, "SELECT count(DISTINCT (origin_topic, origin_partition, origin_offset)) "
              "FROM dept_records");
  std::cout << fmt::format(
      "kafka -> postgres: {} records over 4 topics x {} partitions, {:.2f} s from the first "
      "landed batch to the last: {:.0f} records/s\n",
      flags.records, flags.partitions, seconds, (flags.records - landed_at_first) / seconds);
  if (rows != flags.records || origins != flags.records) {
    Die(fmt::format("exactly once broken: {} rows, {} distinct origins, {} produced", rows,
                    origins, flags.records));
  }
  std::cout << "  exactly once: every record landed once, from its own offset\n";
}

// Public_security records only (one source per file), numbered after the Kafka ones.
std::string WriteFeedFile(const fs::path& dir, int64_t first, int64_t count) {
  const std::string path = (dir / "public_security.jsonl").string();
  std::ofstream out(path);
  for (int64_t k = 0; k < count; ++k) out << GeneratedRecord(4 * (first + k)) << '\n';
  if (!out) Die("cannot write " + path);
  return path;
}

void FeedImport(const Flags& flags, const std::string& dsn, const fs::path& dir,
                const xmatch::TokenKeyring& keyring,
                const xmatch::AgreementRegistry& agreements) {
  const std::string path = WriteFeedFile(dir, flags.records, flags.file_records);
  xmatch::connectors::FeedImportOptions options;
  options.progress_terminal = false;
  for (const bool again : {false, true}) {
    const Clock::time_point start = Clock::now();
    auto report = xmatch::connectors::ImportFeedFile(dsn, "public_security", path, keyring,
                                                     agreements, options);
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (!report.ok()) Die(report.status().ToString());
    std::cout << fmt::format(
        "feed import, {}: {} lines in {:.2f} s: {:.0f} lines/s ({} landed, {} already "
        "present)\n",
        again ? "same file again" : "first import", report->records, seconds, report->records / seconds, report->landed,
        report->duplicates);
    const int64_t expected = again ? 0 : flags.file_records;
    if (report->landed != expected) Die("feed import landed an unexpected number of records");
  }
}

}  // namespace

int main(int argc, char** argv) {
  const Flags flags = ParseFlags(argc, argv);
  Check(xmatch::InitLogging("text", "warn"), "logging");
  const fs::path dir = fs::temp_directory_path() / fmt::format("xmatch-connect-bench-{}", getpid());
  fs::create_directories(dir);

  xmatch::store::EmbeddedPostgres pg(
      {.data_dir = (dir / "pg").string(), .remove_on_stop = true, .durable = false});
  Check(pg.Start(), "starting PostgreSQL");
  Check(pg.CreateDatabase("bench"), "creating the database");
  const std::string dsn = pg.Dsn("bench");
  {
    auto conn = xmatch::store::Connect(dsn);
    if (!conn.ok()) Die(conn.status().ToString());
    if (auto migrated = xmatch::store::Migrate(**conn); !migrated.ok()) {
      Die(migrated.status().ToString());
    }
  }
  auto cluster = xmatch::connectors::DevKafkaCluster::Start({.partitions = flags.partitions});
  if (!cluster.ok()) Die(cluster.status().ToString());

  const xmatch::TokenKeyring keyring = xmatch::connectors::testing::TestKeyring();
  const xmatch::AgreementRegistry agreements = xmatch::connectors::testing::TestAgreements();
  KafkaToPostgres(flags, dsn, (*cluster)->bootstrap_servers(), keyring, agreements);
  FeedImport(flags, dsn, dir, keyring, agreements);

  Check(pg.Stop(), "stopping PostgreSQL");
  fs::remove_all(dir);
  return 0;
}
