// RecordStore: the connectors' side of PostgreSQL. It lands a LandingBatch — records,
// rejects, dropped-field counts and the Kafka offsets the batch covers — in ONE
// transaction, reads the stored offsets back, and records offset gaps.
//
// Exactly once (Kafka): consumer_offsets.next_offset is the only position that counts. A
// batch's transaction first moves each partition's next_offset from the value the
// consumer expects to the batch's last offset + 1 with a compare-and-set; when another
// consumer moved it (it owns the partition now, or a commit whose outcome we did not
// see went through), nothing of the batch is written and Land() says so. Records are
// copied straight into dept_records when none of their ids is stored already or repeated
// in the batch (the usual case, and the fast one); otherwise they go through a staging
// table and INSERT ... ON CONFLICT (source, record_id) DO NOTHING, so a record id seen
// again (a department resending it, a file imported twice) changes nothing; within one
// batch the first occurrence wins.
//
// Token key rotation: in the same transaction, a landed record whose token has an alias
// in token_aliases (rolls/retokenize.h) is re-keyed to the roll's token and version.
//
// Owns one connection, opened on first use and reopened after any failure; the staging
// tables are temporary tables of that connection. Not thread-safe: one per landing loop.
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "common/result.h"
#include "connectors/landing_batch.h"

namespace xmatch::connectors {

struct TopicPartition {
  std::string topic;
  int32_t partition = 0;
  friend auto operator<=>(const TopicPartition&, const TopicPartition&) = default;
};

// One partition's stored position moved by a batch.
struct OffsetAdvance {
  TopicPartition tp;
  std::optional<int64_t> expected;  // the next_offset stored now; nullopt: no row stored yet
  int64_t next = 0;                 // the new next_offset: last offset covered + 1
};

// What one Land() changed.
struct LandReport {
  struct PerSource {
    int64_t landed = 0;          // new dept_records rows
    int64_t dropped_fields = 0;  // fields dropped from those records
  };
  std::map<std::string, PerSource> by_source;
  int64_t rejects_stored = 0;    // new rejects rows
};

class RecordStore {
 public:
  // `dsn`: a libpq DSN; nothing is connected until the first call.
  explicit RecordStore(std::string dsn);
  ~RecordStore();
  RecordStore(const RecordStore&) = delete;
  RecordStore& operator=(const RecordStore&) = delete;

  // Lands `batch` and moves `advances` (consumer group `group`) in one transaction.
  // FailedPrecondition when a stored offset was not the expected one: nothing written.
  // Unavailable when the server cannot be reached or the transaction failed in a way
  // that may succeed on retry; Internal for other database errors. On these nothing is
  // written, except when a commit was in doubt; then a retry finds the offsets moved
  // (FailedPrecondition), so landing again never duplicates.
  Result<LandReport> Land(const LandingBatch& batch, const std::string& group,
                          const std::vector<OffsetAdvance>& advances);

  // Holds the shared consumer-group lock of `group` (connectors/group_lock.h) on this
  // store's connection from now on, taking it again with every (re)connection; connects
  // now. Unavailable when PostgreSQL cannot be reached now: the lock is then taken by
  // the first call that connects.
  Status HoldGroupLock(const std::string& group);

  // The stored next offsets of consumer group `group`, every topic and partition.
  Result<std::map<TopicPartition, int64_t>> LoadOffsets(const std::string& group);

  // Records that offsets [advance.expected, advance.next) are no longer on the broker:
  // one offset_gaps row, and next_offset moved by the same compare-and-set as Land(),
  // in one transaction. Requires advance.expected. Errors as Land().
  Status RecordGap(const std::string& group, const OffsetAdvance& advance);

 private:
  Result<pqxx::connection*> Connection();
  // Compare-and-set of every advance; false when one of them found another value.
  bool AdvanceOffsets(pqxx::work& tx, const std::string& group,
                      const std::vector<OffsetAdvance>& advances);
  bool TryCopyRecords(pqxx::work& tx, const std::vector<OriginRecord>& records,
                      LandReport* report);

  const std::string dsn_;
  std::optional<std::string> locked_group_;  // HoldGroupLock's group, if called
  std::unique_ptr<pqxx::connection> conn_;  // null until connected and after a failure
};

}  // namespace xmatch::connectors
