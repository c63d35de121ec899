// `xmatch dev-kafka`: a local Kafka-protocol broker for development and tests (CONTRACT
// §4), built on librdkafka's mock cluster. Plain TCP on 127.0.0.1, nothing persisted,
// ~5 MiB kept per partition (see STACK.md): never for production, where
// XMATCH_KAFKA_BROKERS names the real cluster.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "common/config.h"
#include "common/result.h"

struct rd_kafka_s;
struct rd_kafka_mock_cluster_s;

namespace xmatch::connectors {

struct DevKafkaOptions {
  int partitions = 4;  // per topic; 1 or more
  // Topics created at start; producing to another topic creates it with the mock's
  // default partition count.
  std::vector<std::string> topics = DefaultDepartmentTopics();

  // The four department topics of CONTRACT §1.3, as KafkaConfig names them by default.
  static std::vector<std::string> DefaultDepartmentTopics();
};

// One mock cluster (one broker) and its topics, served by librdkafka's own threads for as
// long as this object lives. Thread-safe to read; destruction stops the broker and closes
// its connections.
class DevKafkaCluster {
 public:
  // InvalidArgument for partitions < 1; Internal when librdkafka cannot start the cluster.
  static Result<std::unique_ptr<DevKafkaCluster>> Start(const DevKafkaOptions& options);
  ~DevKafkaCluster();
  DevKafkaCluster(const DevKafkaCluster&) = delete;
  DevKafkaCluster& operator=(const DevKafkaCluster&) = delete;

  // "127.0.0.1:PORT": what clients put in bootstrap.servers / XMATCH_KAFKA_BROKERS.
  const std::string& bootstrap_servers() const { return bootstrap_servers_; }

  // An outage, for rehearsing one: down drops every client connection and refuses new
  // ones (the topics and their messages stay); up accepts them again.
  Status SetBrokerUp(bool up);

 private:
  DevKafkaCluster(rd_kafka_s* handle, rd_kafka_mock_cluster_s* cluster);

  rd_kafka_s* handle_;                // owns the cluster's threads; destroyed last
  rd_kafka_mock_cluster_s* cluster_;
  std::string bootstrap_servers_;
};

// Starts a DevKafkaCluster, writes its bootstrap address as the first line of `out`
// (flushed, so a parent process can read it at once), and serves until SIGINT or SIGTERM
// arrives; then stops the broker and returns OK. SIGUSR1 takes the broker down and
// SIGUSR2 brings it up again (SetBrokerUp). The four signals are blocked in the calling
// thread for the duration (so librdkafka's threads never take them) and waited for with
// sigwait: call it from the main thread before any other thread starts.
// Fails, without serving, as Start() does.
Status RunDevKafka(const DevKafkaOptions& options, std::ostream& out);

}  // namespace xmatch::connectors
