// ProduceFeeds: sends the department files of a generated county (JSON Lines, one
// record per line) to their Kafka topics, as the departments' own systems would: one
// message per record, keyed by record_id, with an idempotent producer (acks=all). Blocks
// until every message is acknowledged.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/config.h"
#include "common/result.h"

namespace xmatch::demo {

// `files`: (source, path) pairs; each source's topic comes from kafka.topics. Returns the
// messages sent per topic. InvalidArgument for a source without a topic or bad Kafka
// settings; IoError for an unreadable file; Unavailable when a message is not
// acknowledged within 60 s.
Result<std::map<std::string, int64_t>> ProduceFeeds(
    const KafkaConfig& kafka, const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace xmatch::demo
