#include "connectors/kafka_conf.h"

#include <librdkafka/rdkafka.h>

namespace xmatch::connectors {
namespace {

bool LooksSecret(const std::string& key) {
  return key.find("password") != std::string::npos || key.find("secret") != std::string::npos ||
         key.find(".key") != std::string::npos;
}

Status Set(rd_kafka_conf_t* conf, const std::string& key, const std::string& value,
           const std::string& where) {
  char error[512];
  if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), error, sizeof error) ==
      RD_KAFKA_CONF_OK) {
    return Status::Ok();
  }
  return Status::InvalidArgument(where + ": librdkafka refuses " + key +
                                 (LooksSecret(key) ? std::string(" (value not shown)")
                                                   : std::string(": ") + error));
}

}  // namespace

Result<rd_kafka_conf_t*> MakeKafkaConf(const KafkaConfig& config,
                                       const std::map<std::string, std::string>& fixed) {
  if (config.brokers.empty()) {
    return Status::InvalidArgument(
        "no Kafka brokers configured: set XMATCH_KAFKA_BROKERS (host:port,...), "
        "kafka.brokers in the config file, or --brokers");
  }
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  Status s = Set(conf, "bootstrap.servers", config.brokers, "kafka.brokers");
  for (const auto& [key, value] : config.properties) {
    if (!s.ok()) break;
    if (fixed.count(key) != 0) {
      s = Status::InvalidArgument("kafka.properties: " + key +
                                  " is set by xmatch itself (offsets live in PostgreSQL, "
                                  "see connectors/README.md): remove it");
      break;
    }
    s = Set(conf, key, value, "kafka.properties");
  }
  for (const auto& [key, value] : fixed) {
    if (!s.ok()) break;
    s = Set(conf, key, value, "xmatch connector settings");
  }
  if (!s.ok()) {
    rd_kafka_conf_destroy(conf);
    return s;
  }
  return conf;
}

}  // namespace xmatch::connectors
