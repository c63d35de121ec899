// Process-level support for the connector integration tests: the real `xmatch` binary as
// a child process (`dev-kafka` and `connect`), the test producer, and the files they
// read (token key, agreements, config). Paths of the binaries come from CMake.
#pragma once

#include <signal.h>
#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "connectors/record_store.h"
#include "tests/support/child_process.h"

namespace xmatch::connectors::testing {

using xmatch::testing::ChildProcess;

// `xmatch dev-kafka --partitions N`, stopped with SIGTERM at the end of the test.
class DevKafkaProcess {
 public:
  explicit DevKafkaProcess(int partitions);
  ~DevKafkaProcess();
  // "127.0.0.1:PORT" from the first line it printed; empty if it did not start.
  const std::string& brokers() const { return brokers_; }
  // SIGUSR1 / SIGUSR2: the broker refuses connections / accepts them again.
  void SetBrokerUp(bool up) { process_.Signal(up ? SIGUSR2 : SIGUSR1); }

 private:
  ChildProcess process_;
  std::string brokers_;
};

// A temporary directory with token keys (versions 1 and 2: key1.hex, key2.hex),
// agreements covering the records of generated_records.h (in force 2020..2099), and a
// config file; removed at the end. Children are given key version 1 only unless
// set_token_key_versions says otherwise.
class ConnectEnv {
 public:
  ConnectEnv();
  ~ConnectEnv();
  const std::string& dir() const { return dir_; }
  // The key versions the next children load (XMATCH_TOKEN_KEYS), e.g. {1, 2}.
  void set_token_key_versions(std::vector<int> versions) { key_versions_ = std::move(versions); }
  // XMATCH_LOG_LEVEL of the next children (default `warn`).
  void set_log_level(std::string level) { log_level_ = std::move(level); }
  // Key version -> key file, as the children get them.
  std::map<int, std::string> TokenKeyFiles() const;
  // Environment for an xmatch child: XMATCH_PG, XMATCH_KAFKA_BROKERS, the keys,
  // agreements and log level.
  std::vector<std::string> Env(const std::string& pg_dsn, const std::string& brokers) const;
  // `xmatch --config ... ARGS...` to its end: its exit status; stdout and stderr to the
  // files given.
  int Run(const std::vector<std::string>& args, const std::string& pg_dsn,
          const std::string& brokers, const std::string& stdout_file,
          const std::string& stderr_file) const;
  // `xmatch --config ... connect --until-idle SECONDS --stats`, stdout to `stdout_file`.
  std::unique_ptr<ChildProcess> StartConnect(const std::string& pg_dsn, const std::string& brokers,
                                             double until_idle_seconds,
                                             const std::string& stdout_file) const;
  // `xmatch feed import`. Returns the exit status; stdout to `stdout_file`.
  int FeedImport(const std::string& pg_dsn, const std::string& source, const std::string& file,
                 const std::string& stdout_file) const;

 private:
  std::string dir_;
  std::vector<int> key_versions_ = {1};
  std::string log_level_ = "warn";
};

// Runs the test producer: records [first, first+count) of generated_records.h.
std::unique_ptr<ChildProcess> StartProducer(const std::string& brokers, int64_t first,
                                            int64_t count, int64_t rate = 0, size_t padding = 0);
// Sends each line of `file` as one message to `topic`; returns the producer's exit status.
int ProduceFile(const std::string& brokers, const std::string& topic, const std::string& file);

struct Watermarks {
  int64_t low = 0;   // the log start: the oldest offset still on the broker
  int64_t high = 0;  // the end: the next offset to be written
};
// The watermarks of every partition of `topics`.
std::map<TopicPartition, Watermarks> QueryWatermarks(const std::string& brokers,
                                                     const std::vector<std::string>& topics);

std::string ReadFile(const std::string& path);

}  // namespace xmatch::connectors::testing
