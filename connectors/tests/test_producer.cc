// connect_test_producer: the producer process of the connector tests, so that producing
// and landing run in separate processes as they do in production.
//
//   connect_test_producer BROKERS generated FIRST COUNT [RATE [PADDING]]
//       records FIRST .. FIRST+COUNT-1 of generated_records.h, each to its source's
//       topic; at most RATE records per second when RATE > 0.
//   connect_test_producer BROKERS file TOPIC FILE
//       each line of FILE as one message to TOPIC.
// Exits 0 once every message is acknowledged by the broker, 1 otherwise.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

#include <librdkafka/rdkafka.h>

#include "connectors/tests/generated_records.h"

namespace {

int failed = 0;

void OnDelivery(rd_kafka_t*, const rd_kafka_message_t* m, void*) {
  if (m->err) {
    if (failed++ == 0) std::fprintf(stderr, "producer: %s\n", rd_kafka_err2str(m->err));
  }
}

void Produce(rd_kafka_t* rk, const std::string& topic, const std::string& value,
             const std::string& key) {
  for (;;) {
    rd_kafka_resp_err_t err = rd_kafka_producev(
        rk, RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_KEY(key.data(), key.size()),
        RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
    if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      if (err) std::fprintf(stderr, "producer: %s\n", rd_kafka_err2str(err)), std::exit(1);
      return;
    }
    rd_kafka_poll(rk, 50);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: see connectors/tests/test_producer.cc\n");
    return 2;
  }
  char error[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", argv[1], error, sizeof error);
  rd_kafka_conf_set(conf, "linger.ms", "5", error, sizeof error);
  rd_kafka_conf_set(conf, "enable.idempotence", "true", error, sizeof error);
  rd_kafka_conf_set_dr_msg_cb(conf, OnDelivery);
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
  if (rk == nullptr) {
    std::fprintf(stderr, "producer: %s\n", error);
    return 1;
  }
  const std::string mode = argv[2];
  if (mode == "generated") {
    const int64_t first = std::atoll(argv[3]);
    const int64_t count = std::atoll(argv[4]);
    const int64_t rate = argc > 5 ? std::atoll(argv[5]) : 0;
    const size_t padding = argc > 6 ? size_t(std::atoll(argv[6])) : 0;
    const auto start = std::chrono::steady_clock::now();
    for (int64_t i = first; i < first + count; ++i) {
      using xmatch::connectors::testing::GeneratedRecord;
      using xmatch::connectors::testing::GeneratedTopic;
      Produce(rk, GeneratedTopic(i), GeneratedRecord(i, padding), "r" + std::to_string(i));
      rd_kafka_poll(rk, 0);
      if (rate > 0 && (i - first) % 100 == 99) {
        std::this_thread::sleep_until(start + std::chrono::microseconds((i - first + 1) *
                                                                         1'000'000 / rate));
      }
    }
  } else if (mode == "file") {
    std::ifstream in(argv[4]);
    std::string line;
    int n = 0;
    while (std::getline(in, line)) Produce(rk, argv[3], line, std::to_string(n++));
  } else {
    std::fprintf(stderr, "producer: unknown mode %s\n", mode.c_str());
    return 2;
  }
  if (rd_kafka_flush(rk, 60000) != RD_KAFKA_RESP_ERR_NO_ERROR) failed++;
  rd_kafka_destroy(rk);
  return failed == 0 ? 0 : 1;
}
