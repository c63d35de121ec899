// RewindOffsets: `xmatch offsets set`, the way to replay a topic, or one partition of
// it, from an offset (docs/runbook.md, "Replay a topic from an offset").
//
// The connectors start each partition at its stored next offset (consumer_offsets), so
// replaying is moving that offset back. This is done in one transaction that first takes
// the consumer-group lock exclusively without waiting (connectors/group_lock.h): while a
// connector of the group runs, it holds that lock shared, and the rewind is refused, so
// no running connector can keep reading from its old position. Exactly once still holds
// on replay: a record whose record_id is stored already changes nothing, a reject whose
// origin is stored already adds nothing, and a record stored no more (purged) lands once.
//
// Offsets only move back: a target past a stored position would skip records.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "common/result.h"
#include "connectors/record_store.h"

namespace xmatch::connectors {

struct RewindTarget {
  std::string topic;
  std::optional<int32_t> partition;  // nullopt: every stored partition of the topic
  // The next offset to read; nullopt: the oldest message the broker still holds (the
  // stored row is deleted, and the connector starts the partition from its beginning).
  std::optional<int64_t> offset;
};

struct OffsetMove {
  TopicPartition tp;
  int64_t from = 0;             // the stored next offset before
  std::optional<int64_t> to;    // after; nullopt: deleted (from the oldest message)
};

// Moves the stored offsets of `group` named by `target` back, as described above; one
// move per stored partition (a partition already at or before the target keeps its
// offset: from == to). FailedPrecondition when a connector of the group runs, or when
// the one partition named is stored before the target; NotFound when nothing is stored
// for the topic (or partition): the connectors have not read it and will read it from
// its oldest message anyway. `conn` must not have a transaction open.
Result<std::vector<OffsetMove>> RewindOffsets(pqxx::connection& conn, const std::string& group,
                                              const RewindTarget& target);

}  // namespace xmatch::connectors
