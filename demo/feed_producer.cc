#include "demo/feed_producer.h"

#include <librdkafka/rdkafka.h>

#include <atomic>
#include <fstream>
#include <memory>

#include <nlohmann/json.hpp>

#include "common/progress.h"
#include "connectors/kafka_conf.h"

namespace xmatch::demo {
namespace {

struct DeliveryErrors {
  std::atomic<int64_t> failed{0};
  std::string first_error;  // written by the delivery callback, on the polling thread
};

void OnDelivery(rd_kafka_t*, const rd_kafka_message_t* message, void* opaque) {
  if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) return;
  auto* errors = static_cast<DeliveryErrors*>(opaque);
  if (errors->failed.fetch_add(1) == 0) errors->first_error = rd_kafka_err2str(message->err);
}

using Producer = std::unique_ptr<rd_kafka_t, decltype(&rd_kafka_destroy)>;

}  // namespace

Result<std::map<std::string, int64_t>> ProduceFeeds(
    const KafkaConfig& kafka, const std::vector<std::pair<std::string, std::string>>& files) {
  DeliveryErrors errors;
  XM_ASSIGN_OR_RETURN(rd_kafka_conf_t * conf,
                      connectors::MakeKafkaConf(kafka, {{"enable.idempotence", "true"},
                                                        {"acks", "all"},
                                                        {"linger.ms", "20"}}));
  rd_kafka_conf_set_dr_msg_cb(conf, OnDelivery);
  rd_kafka_conf_set_opaque(conf, &errors);
  char err[512];
  Producer producer(rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err), rd_kafka_destroy);
  if (!producer) {
    rd_kafka_conf_destroy(conf);
    return Status::InvalidArgument(std::string("cannot make a Kafka producer: ") + err);
  }

  std::map<std::string, int64_t> sent;
  ProgressReporter progress({.label = "producing department feeds", .unit = "records"});
  for (const auto& [source, path] : files) {
    auto topic = kafka.topics.find(source);
    if (topic == kafka.topics.end()) {
      return Status::InvalidArgument("no Kafka topic configured for source " + source);
    }
    std::ifstream in(path);
    if (!in) return Status::IoError("cannot read " + path);
    std::string line;
    for (int line_no = 1; std::getline(in, line); ++line_no) {
      if (line.empty()) continue;
      std::string key = nlohmann::json::parse(line, nullptr, false).value("record_id", "");
      for (;;) {
        rd_kafka_resp_err_t e = rd_kafka_producev(
            producer.get(), RD_KAFKA_V_TOPIC(topic->second.c_str()),
            RD_KAFKA_V_KEY(key.data(), key.size()),
            RD_KAFKA_V_VALUE(line.data(), line.size()),
            RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
        if (e == RD_KAFKA_RESP_ERR_NO_ERROR) break;
        if (e != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
          return Status::Unavailable(path + ", line " + std::to_string(line_no) +
                                     ": cannot produce to " + topic->second + ": " +
                                     rd_kafka_err2str(e));
        }
        rd_kafka_poll(producer.get(), 50);  // let deliveries drain the queue
      }
      ++sent[topic->second];
      progress.Add(1);
      rd_kafka_poll(producer.get(), 0);
    }
  }
  if (rd_kafka_flush(producer.get(), 60'000) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return Status::Unavailable("the Kafka broker did not acknowledge every message within 60 s");
  }
  progress.Finish();
  if (errors.failed.load() > 0) {
    return Status::Unavailable(std::to_string(errors.failed.load()) +
                               " messages were not delivered to Kafka: " + errors.first_error);
  }
  return sent;
}

}  // namespace xmatch::demo
