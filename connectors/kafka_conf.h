// The librdkafka configuration of a connector client, built from KafkaConfig.
//
// KafkaConfig.properties (security.protocol, ssl.*, sasl.*, and any other librdkafka
// property) are passed to librdkafka untouched; see connectors/README.md. The settings
// xmatch's exactly-once landing relies on are not theirs to change.
#pragma once

#include <map>
#include <string>

#include "common/config.h"
#include "common/result.h"

struct rd_kafka_conf_s;

namespace xmatch::connectors {

// bootstrap.servers from config.brokers, then config.properties, then `fixed`.
// InvalidArgument when brokers is empty, when a property names a key of `fixed`, or
// when librdkafka refuses a property (the message names the key; values of keys that
// look secret are never quoted). The caller owns the result: rd_kafka_new() takes it,
// or rd_kafka_conf_destroy().
Result<rd_kafka_conf_s*> MakeKafkaConf(const KafkaConfig& config,
                                       const std::map<std::string, std::string>& fixed);

}  // namespace xmatch::connectors
