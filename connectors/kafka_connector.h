// KafkaConnector: `xmatch connect`. Consumes the four department topics as one member of
// a Kafka consumer group and lands every message — a record or its reject — in
// PostgreSQL exactly once.
//
// How exactly once holds (connectors/README.md has the long form):
//  - Offsets live in PostgreSQL (consumer_offsets), never in Kafka: auto commit and the
//    offset store are off. On assignment the connector reads the stored next offsets
//    and starts each partition there (from the beginning when none is stored).
//  - Messages are polled one at a time (rd_kafka_consumer_poll) into a batch of up to
//    max_batch_messages or max_batch_wait; the batch, its rejects, its dropped-field
//    counts and the new next offsets are written in one transaction (RecordStore::Land).
//    Each partition belongs to one of landing_lanes lanes (landing_lane.h), each with
//    its own connection and thread: a lane lands one batch while the next one fills,
//    and the lanes land side by side; a partition's batches land in offset order.
//    The offset update is a compare-and-set: a member that lost a partition in a
//    rebalance cannot write. On that failure the batch is dropped and the connector
//    re-reads the stored offsets and starts over from them.
//  - PostgreSQL away: the batch is kept and retried with backoff; no polling meanwhile,
//    so nothing more is fetched than the batches already in hand. Broker away:
//    librdkafka reconnects; the batches in hand land as usual.
//  - While it runs, it holds its group's shared lock (connectors/group_lock.h), so that
//    `xmatch offsets set` refuses to move the stored offsets under it.
//  - An offset no longer on the broker (auto.offset.reset=error reports it): the missing
//    range goes to offset_gaps in the same compare-and-set transaction, an error is
//    logged and counted, and consumption continues from the earliest offset available.
//
// Thread-compatible: Run() is called once, from one thread; `stop` may be set from any
// thread or a signal handler. The keyring and agreements are borrowed for the
// connector's lifetime.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "common/agreements.h"
#include "common/config.h"
#include "common/status.h"
#include "common/token.h"
#include "connectors/connector_stats.h"

namespace xmatch::connectors {

struct ConnectorOptions {
  KafkaConfig kafka;           // brokers, group, topics per source, librdkafka properties
  std::string pg_dsn;          // where records land; the schema must be up to date
  // Return after this long without a new message (and nothing left to land), counted
  // from the last message, landing or partition assignment (joining the group takes
  // seconds and does not count); nullopt: run until `stop`.
  std::optional<std::chrono::milliseconds> until_idle;
  size_t max_batch_messages = 5000;  // per lane
  // PostgreSQL connections landing at once (landing_lane.h). With two on two cores the
  // connector landed 113,000-123,000 records/s against 95,000-105,000 with one
  // (bench/connect_bench.cc).
  size_t landing_lanes = 2;
  std::chrono::milliseconds max_batch_wait{100};
  // Retries of PostgreSQL start at 100 ms and double up to this.
  std::chrono::milliseconds max_retry_backoff{5000};
  // When set (borrowed; must outlive Run()), the counters are published there after every
  // committed batch, and the lag of the partitions this member owns every lag_interval
  // (from the end offsets librdkafka last fetched: no extra request to the broker).
  LiveStats* live_stats = nullptr;
  std::chrono::milliseconds lag_interval{5000};
};

class KafkaConnector {
 public:
  KafkaConnector(ConnectorOptions options, const TokenKeyring& keyring,
                 const AgreementRegistry& agreements);
  ~KafkaConnector();
  KafkaConnector(const KafkaConnector&) = delete;
  KafkaConnector& operator=(const KafkaConnector&) = delete;

  // Consumes and lands until `stop` is set or, with until_idle, the topics are idle;
  // then leaves the group and returns OK. A batch not yet landed when `stop` is set is
  // dropped (it is read again next time: its offsets were not stored). Fails on
  // start-up (bad Kafka settings: InvalidArgument) and, with until_idle, when no group
  // was joined within 60 s (Unavailable).
  Status Run(const std::atomic<bool>& stop);

  // Per-topic counters of committed batches; consumer_lag is filled when Run() returns.
  const std::map<std::string, TopicStats>& stats() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace xmatch::connectors
