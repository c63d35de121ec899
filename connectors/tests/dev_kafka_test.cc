// `xmatch dev-kafka` as a separate process: RunDevKafka in a forked child, a real
// librdkafka producer and consumer in this process talking to it over TCP.
#include "connectors/dev_kafka.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>

namespace xmatch::connectors {
namespace {

using Clock = std::chrono::steady_clock;

// A dev-kafka child process; stopped with SIGTERM by Stop() or the destructor.
class DevKafkaProcess {
 public:
  explicit DevKafkaProcess(int partitions) {
    int fds[2];
    if (pipe(fds) != 0) return;
    // Output still buffered here would otherwise be written again by the child, into
    // the pipe, ahead of the address.
    std::cout.flush();
    std::fflush(nullptr);
    pid_ = fork();
    if (pid_ == 0) {
      close(fds[0]);
      dup2(fds[1], STDOUT_FILENO);
      DevKafkaOptions options;
      options.partitions = partitions;
      Status s = RunDevKafka(options, std::cout);
      _exit(s.ok() ? 0 : 1);
    }
    close(fds[1]);
    read_fd_ = fds[0];
  }
  ~DevKafkaProcess() {
    if (pid_ > 0) Stop();
    if (read_fd_ >= 0) close(read_fd_);
  }

  // The first line the child printed, waiting up to 10 s; "" on timeout or EOF.
  std::string FirstLine() {
    std::string line;
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    while (Clock::now() < deadline) {
      pollfd p{read_fd_, POLLIN, 0};
      if (poll(&p, 1, 100) <= 0) continue;
      char c;
      if (read(read_fd_, &c, 1) != 1) return "";
      if (c == '\n') return line;
      line += c;
    }
    return "";
  }

  // Sends SIGTERM and returns the exit status (-1 if it did not exit normally).
  int Stop() {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

 private:
  pid_t pid_ = -1;
  int read_fd_ = -1;
};

struct RdKafkaDeleter {
  void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
};
using RdKafka = std::unique_ptr<rd_kafka_t, RdKafkaDeleter>;

RdKafka NewClient(rd_kafka_type_t type, const std::string& brokers) {
  char error[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", brokers.c_str(), error, sizeof error);
  if (type == RD_KAFKA_CONSUMER) {
    rd_kafka_conf_set(conf, "group.id", "dev-kafka-test", error, sizeof error);
    rd_kafka_conf_set(conf, "enable.auto.commit", "false", error, sizeof error);
  }
  rd_kafka_t* rk = rd_kafka_new(type, conf, error, sizeof error);
  EXPECT_NE(rk, nullptr) << error;
  if (type == RD_KAFKA_CONSUMER && rk != nullptr) rd_kafka_poll_set_consumer(rk);
  return RdKafka(rk);
}

TEST(DevKafka, ServesTheDepartmentTopicsUntilSigterm) {
  DevKafkaProcess broker(3);
  const std::string bootstrap = broker.FirstLine();
  ASSERT_EQ(bootstrap.rfind("127.0.0.1:", 0), 0u) << "first line: '" << bootstrap << "'";

  // The four topics exist with the requested partition count.
  RdKafka producer = NewClient(RD_KAFKA_PRODUCER, bootstrap);
  ASSERT_TRUE(producer);
  const rd_kafka_metadata_t* metadata = nullptr;
  ASSERT_EQ(rd_kafka_metadata(producer.get(), 1, nullptr, &metadata, 10000),
            RD_KAFKA_RESP_ERR_NO_ERROR);
  std::map<std::string, int> partitions;
  for (int i = 0; i < metadata->topic_cnt; ++i) {
    partitions[metadata->topics[i].topic] = metadata->topics[i].partition_cnt;
  }
  rd_kafka_metadata_destroy(metadata);
  EXPECT_EQ(partitions, (std::map<std::string, int>{{"health.records", 3},
                                                    {"justice.records", 3},
                                                    {"pension.records", 3},
                                                    {"public_security.records", 3}}));

  // A message produced to one partition comes back from it.
  const std::string payload = R"({"source":"health","record_id":"WJ-1"})";
  ASSERT_EQ(rd_kafka_producev(producer.get(), RD_KAFKA_V_TOPIC("health.records"),
                              RD_KAFKA_V_PARTITION(2),
                              RD_KAFKA_V_VALUE(const_cast<char*>(payload.data()), payload.size()),
                              RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END),
            RD_KAFKA_RESP_ERR_NO_ERROR);
  ASSERT_EQ(rd_kafka_flush(producer.get(), 10000), RD_KAFKA_RESP_ERR_NO_ERROR);

  RdKafka consumer = NewClient(RD_KAFKA_CONSUMER, bootstrap);
  ASSERT_TRUE(consumer);
  rd_kafka_topic_partition_list_t* assignment = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(assignment, "health.records", 2)->offset =
      RD_KAFKA_OFFSET_BEGINNING;
  ASSERT_EQ(rd_kafka_assign(consumer.get(), assignment), RD_KAFKA_RESP_ERR_NO_ERROR);
  rd_kafka_topic_partition_list_destroy(assignment);

  std::string received;
  int64_t offset = -1;
  const auto deadline = Clock::now() + std::chrono::seconds(15);
  while (received.empty() && Clock::now() < deadline) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(consumer.get(), 200);
    if (m == nullptr) continue;
    if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      received.assign(static_cast<const char*>(m->payload), m->len);
      offset = m->offset;
    }
    rd_kafka_message_destroy(m);
  }
  EXPECT_EQ(received, payload);
  EXPECT_EQ(offset, 0);
  rd_kafka_consumer_close(consumer.get());
  consumer.reset();
  producer.reset();

  EXPECT_EQ(broker.Stop(), 0) << "dev-kafka exits cleanly on SIGTERM";
}

TEST(DevKafka, RefusesZeroPartitions) {
  DevKafkaOptions options;
  options.partitions = 0;
  std::ostringstream out;
  Status s = RunDevKafka(options, out);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(s.message(), "--partitions must be 1 or more, got 0");
  EXPECT_EQ(out.str(), "") << "nothing printed: a parent waiting for the address sees EOF";
}

}  // namespace
}  // namespace xmatch::connectors
