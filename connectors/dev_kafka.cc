#include "connectors/dev_kafka.h"

#include <signal.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include "common/logging.h"

namespace xmatch::connectors {

std::vector<std::string> DevKafkaOptions::DefaultDepartmentTopics() {
  std::vector<std::string> topics;
  for (const auto& [source, topic] : KafkaConfig().topics) topics.push_back(topic);
  return topics;
}

Result<std::unique_ptr<DevKafkaCluster>> DevKafkaCluster::Start(const DevKafkaOptions& options) {
  if (options.partitions < 1) {
    return Status::InvalidArgument("--partitions must be 1 or more, got " +
                                   std::to_string(options.partitions));
  }
  char error[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  // The handle only hosts the mock cluster: it never connects anywhere itself, so the
  // notice that it has no bootstrap.servers (log level 5) is noise.
  if (rd_kafka_conf_set(conf, "client.id", "xmatch-dev-kafka", error, sizeof error) !=
          RD_KAFKA_CONF_OK ||
      rd_kafka_conf_set(conf, "log_level", "4", error, sizeof error) != RD_KAFKA_CONF_OK) {
    rd_kafka_conf_destroy(conf);
    return Status::Internal(std::string("librdkafka configuration: ") + error);
  }
  rd_kafka_t* handle = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
  if (handle == nullptr) {
    rd_kafka_conf_destroy(conf);
    return Status::Internal(std::string("cannot create the librdkafka handle: ") + error);
  }
  rd_kafka_mock_cluster_t* cluster = rd_kafka_mock_cluster_new(handle, 1);
  if (cluster == nullptr) {
    rd_kafka_destroy(handle);
    return Status::Internal("librdkafka could not start a mock cluster on 127.0.0.1");
  }
  std::unique_ptr<DevKafkaCluster> result(new DevKafkaCluster(handle, cluster));
  for (const std::string& topic : options.topics) {
    const rd_kafka_resp_err_t err =
        rd_kafka_mock_topic_create(cluster, topic.c_str(), options.partitions, 1);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      return Status::Internal("cannot create topic " + topic + " on the mock cluster: " +
                              rd_kafka_err2str(err));
    }
  }
  return result;
}

DevKafkaCluster::DevKafkaCluster(rd_kafka_s* handle, rd_kafka_mock_cluster_s* cluster)
    : handle_(handle),
      cluster_(cluster),
      bootstrap_servers_(rd_kafka_mock_cluster_bootstraps(cluster)) {}

Status DevKafkaCluster::SetBrokerUp(bool up) {
  const rd_kafka_resp_err_t err = up ? rd_kafka_mock_broker_set_up(cluster_, -1)
                                     : rd_kafka_mock_broker_set_down(cluster_, -1);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return Status::Internal(std::string("cannot take the mock broker ") + (up ? "up" : "down") +
                            ": " + rd_kafka_err2str(err));
  }
  return Status::Ok();
}

DevKafkaCluster::~DevKafkaCluster() {
  rd_kafka_mock_cluster_destroy(cluster_);
  rd_kafka_destroy(handle_);
}

Status RunDevKafka(const DevKafkaOptions& options, std::ostream& out) {
  sigset_t signals, previous;
  sigemptyset(&signals);
  for (int s : {SIGINT, SIGTERM, SIGUSR1, SIGUSR2}) sigaddset(&signals, s);
  // Blocked before librdkafka starts its threads, which inherit the mask.
  pthread_sigmask(SIG_BLOCK, &signals, &previous);

  Result<std::unique_ptr<DevKafkaCluster>> cluster = DevKafkaCluster::Start(options);
  if (!cluster.ok()) {
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    return cluster.status();
  }
  out << (*cluster)->bootstrap_servers() << std::endl;
  auto log = GetLogger("connectors");
  log->info("dev-kafka: serving {} topic(s) with {} partition(s) each on {}; stop with Ctrl-C",
            options.topics.size(), options.partitions, (*cluster)->bootstrap_servers());

  int signal_number = 0;
  while (sigwait(&signals, &signal_number) == 0 &&
         (signal_number == SIGUSR1 || signal_number == SIGUSR2)) {
    const bool up = signal_number == SIGUSR2;
    if (Status s = (*cluster)->SetBrokerUp(up); !s.ok()) {
      log->error("dev-kafka: {}", s.message());
    } else {
      log->warn("dev-kafka: broker {} (SIGUSR{})", up ? "up again" : "down: connections refused",
                up ? 2 : 1);
    }
  }
  log->info("dev-kafka: signal {}, stopping", signal_number);
  cluster->reset();
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  return Status::Ok();
}

}  // namespace xmatch::connectors
