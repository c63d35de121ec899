#include "connectors/tests/connect_env.h"

#include <signal.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <librdkafka/rdkafka.h>

#if !defined(XMATCH_BINARY) || !defined(XMATCH_TEST_PRODUCER)
#error "XMATCH_BINARY and XMATCH_TEST_PRODUCER must be defined by the build"
#endif

namespace xmatch::connectors::testing {
namespace {

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path);
}

}  // namespace

DevKafkaProcess::DevKafkaProcess(int partitions)
    : process_({XMATCH_BINARY, "dev-kafka", "--partitions", std::to_string(partitions)},
               {"XMATCH_LOG_LEVEL=warn"}) {
  brokers_ = process_.ReadLine(std::chrono::seconds(20));
}

DevKafkaProcess::~DevKafkaProcess() {
  process_.Signal(SIGTERM);
  process_.Wait(std::chrono::seconds(10));  // the ChildProcess destructor kills it if not
}

ConnectEnv::ConnectEnv() {
  dir_ = (std::filesystem::temp_directory_path() / "xmatch-connect-test-XXXXXX").string();
  if (mkdtemp(dir_.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  WriteFile(dir_ + "/key1.hex",
            "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n");
  WriteFile(dir_ + "/key2.hex",
            "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100\n");
  std::filesystem::create_directory(dir_ + "/agreements");
  const std::vector<std::pair<std::string, std::string>> agreements = {
      {"ps-2026-001", "provider: public_security\nkinds: [death, deregistration, detention]\n"
                      "fields: [name]\n"},
      {"sf-2026-001", "provider: justice\nkinds: [imprisonment, release, community_correction]\n"},
      {"wj-2026-001", "provider: health\nkinds: [death_certificate]\nfields: [name]\n"},
      {"rs-2026-001", "provider: pension\nkinds: [pension_payment, pension_stop]\n"},
      {"ps-2026-address", "provider: public_security\nkinds: [death]\nfields: [address]\n"},
  };
  for (const auto& [id, body] : agreements) {
    WriteFile(dir_ + "/agreements/" + id + ".yaml",
              "id: " + id + "\n" + body +
                  "purpose: test\nvalid_from: 2020-01-01\nvalid_to: 2099-12-31\n"
                  "retention_days: 1095\n");
  }
  WriteFile(dir_ + "/agreements/ps-2020-001.yaml",
            "id: ps-2020-001\nprovider: public_security\nkinds: [death]\npurpose: expired\n"
            "valid_from: 2020-01-01\nvalid_to: 2020-12-31\nretention_days: 1095\n");
  // Short sessions: a SIGKILLed member leaves the group in seconds, not 45. Longer than
  // the mock's 3 s initial rebalance delay, or a first JoinGroup outlives its session.
  WriteFile(dir_ + "/xmatch.yaml",
            "kafka:\n  properties:\n    session.timeout.ms: \"4000\"\n"
            "    heartbeat.interval.ms: \"500\"\n");
}

ConnectEnv::~ConnectEnv() {
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::map<int, std::string> ConnectEnv::TokenKeyFiles() const {
  std::map<int, std::string> files;
  for (int v : key_versions_) files[v] = dir_ + "/key" + std::to_string(v) + ".hex";
  return files;
}

std::vector<std::string> ConnectEnv::Env(const std::string& pg_dsn,
                                         const std::string& brokers) const {
  std::string keys;
  for (const auto& [version, file] : TokenKeyFiles()) {
    keys += (keys.empty() ? "" : ",") + std::to_string(version) + "=" + file;
  }
  return {"XMATCH_PG=" + pg_dsn, "XMATCH_KAFKA_BROKERS=" + brokers, "XMATCH_TOKEN_KEYS=" + keys,
          "XMATCH_AGREEMENTS_DIR=" + dir_ + "/agreements", "XMATCH_LOG_LEVEL=" + log_level_};
}

int ConnectEnv::Run(const std::vector<std::string>& args, const std::string& pg_dsn,
                    const std::string& brokers, const std::string& stdout_file,
                    const std::string& stderr_file) const {
  std::vector<std::string> argv = {XMATCH_BINARY, "--config", dir_ + "/xmatch.yaml"};
  argv.insert(argv.end(), args.begin(), args.end());
  ChildProcess p(argv, Env(pg_dsn, brokers), stdout_file, stderr_file);
  return p.Wait(std::chrono::seconds(180)).value_or(-1);
}

std::unique_ptr<ChildProcess> ConnectEnv::StartConnect(const std::string& pg_dsn,
                                                       const std::string& brokers,
                                                       double until_idle_seconds,
                                                       const std::string& stdout_file) const {
  return std::make_unique<ChildProcess>(
      std::vector<std::string>{XMATCH_BINARY, "--config", dir_ + "/xmatch.yaml", "connect",
                               "--until-idle", std::to_string(until_idle_seconds), "--stats"},
      Env(pg_dsn, brokers), stdout_file, dir_ + "/connect.stderr");
}

int ConnectEnv::FeedImport(const std::string& pg_dsn, const std::string& source,
                           const std::string& file, const std::string& stdout_file) const {
  ChildProcess p({XMATCH_BINARY, "feed", "import", "--source", source, file},
                 Env(pg_dsn, ""), stdout_file, dir_ + "/feed.stderr");
  return p.Wait(std::chrono::seconds(120)).value_or(-1);
}

std::unique_ptr<ChildProcess> StartProducer(const std::string& brokers, int64_t first,
                                            int64_t count, int64_t rate, size_t padding) {
  return std::make_unique<ChildProcess>(
      std::vector<std::string>{XMATCH_TEST_PRODUCER, brokers, "generated", std::to_string(first),
                               std::to_string(count), std::to_string(rate),
                               std::to_string(padding)},
      std::vector<std::string>{}, "/dev/null");
}

int ProduceFile(const std::string& brokers, const std::string& topic, const std::string& file) {
  ChildProcess p({XMATCH_TEST_PRODUCER, brokers, "file", topic, file}, {}, "/dev/null");
  return p.Wait(std::chrono::seconds(60)).value_or(-1);
}

std::map<TopicPartition, Watermarks> QueryWatermarks(const std::string& brokers,
                                                     const std::vector<std::string>& topics) {
  char error[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", brokers.c_str(), error, sizeof error);
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
  std::map<TopicPartition, Watermarks> marks;
  for (const std::string& topic : topics) {
    rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk, topic.c_str(), nullptr);
    const rd_kafka_metadata_t* md = nullptr;
    if (rd_kafka_metadata(rk, 0, rkt, &md, 10000) == 0) {
      for (int p = 0; p < md->topics[0].partition_cnt; ++p) {
        int64_t low = 0, high = 0;
        rd_kafka_query_watermark_offsets(rk, topic.c_str(), p, &low, &high, 10000);
        marks[{topic, p}] = {low, high};
      }
      rd_kafka_metadata_destroy(md);
    }
    rd_kafka_topic_destroy(rkt);
  }
  rd_kafka_destroy(rk);
  return marks;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace xmatch::connectors::testing
