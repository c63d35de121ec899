#include "connectors/offset_rewind.h"

#include "connectors/group_lock.h"
#include "store/connection.h"

namespace xmatch::connectors {
namespace {

std::string PartitionName(const TopicPartition& tp) {
  return tp.topic + ":" + std::to_string(tp.partition);
}

}  // namespace

Result<std::vector<OffsetMove>> RewindOffsets(pqxx::connection& conn, const std::string& group,
                                              const RewindTarget& target) {
  const std::string what = target.partition
                               ? target.topic + ":" + std::to_string(*target.partition)
                               : "topic " + target.topic;
  try {
    pqxx::work tx(conn, "offsets_set");
    if (!tx.exec_params1("SELECT pg_try_advisory_xact_lock($1, hashtext($2))", kGroupLockClass,
                         group)[0]
             .as<bool>()) {
      return Status::FailedPrecondition(
          "a connector of consumer group " + group +
          " is running (it holds the group's lock): stop every `xmatch connect` and "
          "`xmatch serve` of the group first (systemctl stop xmatch-connect xmatch-serve), "
          "then move the offsets");
    }
    const pqxx::result stored = tx.exec_params(
        "SELECT partition, next_offset FROM consumer_offsets "
        "WHERE consumer_group = $1 AND topic = $2 AND ($3 < 0 OR partition = $3) "
        "ORDER BY partition FOR UPDATE",
        group, target.topic, target.partition.value_or(-1));
    if (stored.empty()) {
      return Status::NotFound("no stored offset for " + what + " in consumer group " + group +
                              ": the connectors have not read it yet and will start it from "
                              "its oldest message; nothing to replay");
    }
    std::vector<OffsetMove> moves;
    for (const auto& row : stored) {
      OffsetMove move{{target.topic, row[0].as<int32_t>()}, row[1].as<int64_t>(), std::nullopt};
      if (target.offset && *target.offset >= move.from) {
        if (target.partition && *target.offset > move.from) {
          return Status::FailedPrecondition(
              "offset " + std::to_string(*target.offset) + " is past the stored next offset " +
              std::to_string(move.from) + " of " + PartitionName(move.tp) +
              ": moving forward would skip records; `offsets set` only moves back");
        }
        move.to = move.from;  // already there or before
      } else if (target.offset) {
        move.to = *target.offset;
        tx.exec_params0(
            "UPDATE consumer_offsets SET next_offset = $4, updated_at = now() "
            "WHERE consumer_group = $1 AND topic = $2 AND partition = $3",
            group, target.topic, move.tp.partition, *move.to);
      } else {
        tx.exec_params0(
            "DELETE FROM consumer_offsets WHERE consumer_group = $1 AND topic = $2 "
            "AND partition = $3",
            group, target.topic, move.tp.partition);
      }
      moves.push_back(move);
    }
    tx.commit();
    return moves;
  } catch (const std::exception& e) {
    return store::StatusFromPqxx(e, "moving the stored offsets of " + what);
  }
}

}  // namespace xmatch::connectors
