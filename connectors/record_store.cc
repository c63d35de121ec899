#include "connectors/record_store.h"

#include <string_view>
#include <type_traits>
#include <utility>

#include "common/token.h"
#include "connectors/group_lock.h"
#include "connectors/json_message.h"
#include "connectors/reject.h"
#include "store/connection.h"
#include "store/copy_writer.h"

namespace xmatch::connectors {
namespace {

// Staging tables: temporary, per connection, emptied at every commit. COPY fills them;
// one statement each moves their rows into the real tables.
constexpr char kCreateStaging[] = R"sql(
CREATE TEMP TABLE IF NOT EXISTS dept_records_stage (
  seq integer, source text, record_id text, kind text, agreement_id text,
  schema_version integer, id_token text, key_version integer, token_key bigint,
  event_date date, end_date date, amount numeric(12, 2), reason text, fields jsonb,
  origin_topic text, origin_partition integer, origin_offset bigint, origin_file text,
  origin_line integer, dropped jsonb
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS rejects_stage (
  source text, agreement_id text, reason_code text, reason text, origin_topic text,
  origin_partition integer, origin_offset bigint, origin_file text, origin_line integer,
  payload text
) ON COMMIT DELETE ROWS;
)sql";

// The first occurrence of a record id in the batch is inserted unless the id is already
// stored; the dropped fields of the records actually inserted are counted.
constexpr char kLandRecords[] = R"sql(
WITH pick AS MATERIALIZED (
  SELECT DISTINCT ON (source, record_id) * FROM dept_records_stage
  ORDER BY source, record_id, seq
), ins AS (
  INSERT INTO dept_records (source, record_id, kind, agreement_id, schema_version, id_token,
    key_version, token_key, event_date, end_date, amount, reason, fields, origin_topic,
    origin_partition, origin_offset, origin_file, origin_line)
  SELECT source, record_id, kind, agreement_id, schema_version, id_token, key_version,
    token_key, event_date, end_date, amount, reason, fields, origin_topic, origin_partition,
    origin_offset, origin_file, origin_line
  FROM pick
  ON CONFLICT (source, record_id) DO NOTHING
  RETURNING source, record_id
), landed AS (
  SELECT p.source, p.agreement_id, p.dropped FROM ins JOIN pick p USING (source, record_id)
), counted AS (
  INSERT INTO dropped_fields AS d (agreement_id, field, count)
  SELECT agreement_id, f, count(*) FROM landed, jsonb_array_elements_text(dropped) f
  WHERE dropped IS NOT NULL GROUP BY 1, 2
  ON CONFLICT (agreement_id, field) DO UPDATE SET count = d.count + excluded.count
)
SELECT source, count(*), coalesce(sum(jsonb_array_length(dropped)), 0) FROM landed
GROUP BY source
)sql";

// Kafka rejects are unique by origin; file rejects by file, line and payload
// (schemas/sql/0003_reject_file_origin.sql), so a second import adds none.
constexpr char kLandRejects[] = R"sql(
INSERT INTO rejects (source, agreement_id, reason_code, reason, origin_topic,
  origin_partition, origin_offset, origin_file, origin_line, payload)
SELECT source, agreement_id, reason_code, reason, origin_topic, origin_partition,
  origin_offset, origin_file, origin_line, payload
FROM rejects_stage
ON CONFLICT DO NOTHING
)sql";

// Offsets of every partition of a batch in one statement each: arrays of topics,
// partitions, expected and new next offsets ($2..$5, or $2..$4 for new rows).
constexpr char kAdvanceOffsets[] = "xmatch_advance_offsets";
constexpr char kInsertOffsets[] = "xmatch_insert_offsets";
// Dropped-field counts of a batch copied without conflicts: agreements, fields, counts.
constexpr char kCountDroppedFields[] = "xmatch_count_dropped_fields";
// The records landed by this transaction that carry an older token of a person on the
// roll take the roll's token (schemas/sql/0009_token_rotation.sql). Outside a rotation
// token_aliases is empty and the one-time EXISTS filter skips the rest.
constexpr char kRekeyLanded[] = "xmatch_rekey_landed";

const std::vector<std::string>& RecordColumns() {
  static const std::vector<std::string> kColumns = {
      "source",      "record_id",  "kind",         "agreement_id",     "schema_version",
      "id_token",    "key_version", "token_key",   "event_date",       "end_date",
      "amount",      "reason",     "fields",       "origin_topic",     "origin_partition",
      "origin_offset", "origin_file", "origin_line"};
  return kColumns;
}

// origin_topic, origin_partition, origin_offset, origin_file, origin_line.
void WriteOrigin(store::CopyWriter& copy, const Origin& o) {
  copy.FieldOrNullIfEmpty(o.topic);
  if (o.topic.empty()) {
    copy.NullField();
    copy.NullField();
  } else {
    copy.IntField(o.partition);
    copy.IntField(o.offset);
  }
  copy.FieldOrNullIfEmpty(o.file);
  if (o.file.empty()) {
    copy.NullField();
  } else {
    copy.IntField(o.line);
  }
}

// The record's fields, RecordColumns() in order, the row left open for the caller's
// further fields and EndRow().
void WriteRecord(store::CopyWriter& copy, const DepartmentRecord& r, const Origin& o) {
  copy.Field(r.source);
  copy.Field(r.record_id);
  copy.Field(r.kind);
  copy.Field(r.agreement_id);
  copy.IntField(r.schema_version);
  copy.Field(r.id_token);
  copy.IntField(r.key_version);
  copy.IntField(TokenKeyOfToken(r.id_token));
  copy.PlainFieldOrNull(r.event_date);
  copy.PlainFieldOrNull(r.end_date);
  copy.PlainFieldOrNull(r.amount);
  copy.FieldOrNull(r.reason);
  copy.Field(r.fields_json);
  WriteOrigin(copy, o);
}

std::optional<std::string> DroppedJson(const std::vector<std::string>& dropped) {
  if (dropped.empty()) return std::nullopt;
  std::string json = "[";
  for (const std::string& field : dropped) {
    if (json.size() > 1) json += ',';
    AppendJsonString(field, &json);
  }
  json += ']';
  return json;
}

// A PostgreSQL array literal of `values` ({"a","b"}), for unnest() parameters.
template <typename T>
std::string ArrayLiteral(const std::vector<T>& values) {
  std::string out = "{";
  for (const T& v : values) {
    if (out.size() > 1) out += ',';
    if constexpr (std::is_same_v<T, std::string>) {
      out += '"';
      for (char c : v) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
      }
      out += '"';
    } else {
      out += std::to_string(v);
    }
  }
  return out + "}";
}

void StageRecords(pqxx::work& tx, const std::vector<OriginRecord>& records) {
  std::vector<std::string> columns = RecordColumns();
  columns.insert(columns.end(), {"seq", "dropped"});
  store::CopyWriter stage(tx, "dept_records_stage", columns);
  int seq = 0;
  for (const auto& [r, o] : records) {
    WriteRecord(stage, r, o);
    stage.IntField(seq++);
    stage.FieldOrNull(DroppedJson(r.dropped_fields));
    stage.EndRow();
  }
  stage.Complete();
}

// The fast path: COPY straight into dept_records, all or nothing. Throws
// pqxx::unique_violation when a record id is stored already or repeated in the batch.
void CopyRecords(pqxx::transaction_base& tx, const std::vector<OriginRecord>& records) {
  store::CopyWriter copy(tx, "dept_records", RecordColumns());
  for (const auto& [r, o] : records) {
    WriteRecord(copy, r, o);
    copy.EndRow();
  }
  copy.Complete();
}

void StageRejects(pqxx::work& tx, const std::vector<OriginReject>& rejects) {
  store::CopyWriter stage(
      tx, "rejects_stage",
      std::vector<std::string>{"source", "agreement_id", "reason_code", "reason",
                               "origin_topic", "origin_partition", "origin_offset",
                               "origin_file", "origin_line", "payload"});
  for (const auto& [r, o] : rejects) {
    stage.FieldOrNullIfEmpty(r.source);
    stage.FieldOrNullIfEmpty(r.agreement_id);
    stage.PlainField(RejectReasonCode(r.reason));
    stage.Field(r.message);
    WriteOrigin(stage, o);
    stage.Field(r.payload);
    stage.EndRow();
  }
  stage.Complete();
}

}  // namespace

RecordStore::RecordStore(std::string dsn) : dsn_(std::move(dsn)) {}
RecordStore::~RecordStore() = default;

Result<pqxx::connection*> RecordStore::Connection() {
  if (conn_ != nullptr && conn_->is_open()) return conn_.get();
  conn_.reset();
  XM_ASSIGN_OR_RETURN(auto conn, store::Connect(dsn_));
  try {
    pqxx::nontransaction(*conn).exec0(kCreateStaging);
    conn->prepare(kAdvanceOffsets,
                  "UPDATE consumer_offsets c SET next_offset = v.next, updated_at = now() "
                  "FROM unnest($2::text[], $3::integer[], $4::bigint[], $5::bigint[]) "
                  "AS v(topic, partition, expected, next) "
                  "WHERE c.consumer_group = $1 AND c.topic = v.topic "
                  "AND c.partition = v.partition AND c.next_offset = v.expected");
    conn->prepare(kInsertOffsets,
                  "INSERT INTO consumer_offsets (consumer_group, topic, partition, next_offset) "
                  "SELECT $1, * FROM unnest($2::text[], $3::integer[], $4::bigint[]) "
                  "ON CONFLICT DO NOTHING");
    conn->prepare(kRekeyLanded,
                  "UPDATE dept_records d SET id_token = a.to_token, "
                  "token_key = xmatch_token_key(a.to_token), key_version = a.to_version "
                  "FROM token_aliases a WHERE EXISTS (SELECT 1 FROM token_aliases) "
                  "AND d.change_xid = pg_current_xact_id() "
                  "AND a.from_version = d.key_version AND a.from_token = d.id_token");
    if (locked_group_) {
      pqxx::nontransaction(*conn).exec_params(
          "SELECT pg_advisory_lock_shared($1, hashtext($2))", kGroupLockClass, *locked_group_);
    }
    conn->prepare(kCountDroppedFields,
                  "INSERT INTO dropped_fields AS d (agreement_id, field, count) "
                  "SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[]) "
                  "ON CONFLICT (agreement_id, field) "
                  "DO UPDATE SET count = d.count + excluded.count");
  } catch (const std::exception& e) {
    return store::StatusFromPqxx(e, "preparing the connectors' staging tables");
  }
  conn_ = std::move(conn);
  return conn_.get();
}

bool RecordStore::AdvanceOffsets(pqxx::work& tx, const std::string& group,
                                 const std::vector<OffsetAdvance>& advances) {
  std::vector<std::string> moved_topics, new_topics;
  std::vector<int32_t> moved_partitions, new_partitions;
  std::vector<int64_t> expected, moved_next, new_next;
  for (const OffsetAdvance& a : advances) {
    if (a.expected) {
      moved_topics.push_back(a.tp.topic);
      moved_partitions.push_back(a.tp.partition);
      expected.push_back(*a.expected);
      moved_next.push_back(a.next);
    } else {
      new_topics.push_back(a.tp.topic);
      new_partitions.push_back(a.tp.partition);
      new_next.push_back(a.next);
    }
  }
  if (!moved_topics.empty() &&
      tx.exec_prepared(kAdvanceOffsets, group, ArrayLiteral(moved_topics),
                       ArrayLiteral(moved_partitions), ArrayLiteral(expected),
                       ArrayLiteral(moved_next))
              .affected_rows() != moved_topics.size()) {
    return false;
  }
  return new_topics.empty() ||
         tx.exec_prepared(kInsertOffsets, group, ArrayLiteral(new_topics),
                          ArrayLiteral(new_partitions), ArrayLiteral(new_next))
                 .affected_rows() == new_topics.size();
}

// COPY straight into dept_records when no record id of the batch is stored or repeated
// (the usual case): counts are known without asking. False, with nothing written, when
// one is: the caller lands through the staging table instead.
bool RecordStore::TryCopyRecords(pqxx::work& tx, const std::vector<OriginRecord>& records,
                                 LandReport* report) {
  try {
    pqxx::subtransaction fast(tx, "copy_records");
    CopyRecords(fast, records);
    fast.commit();
  } catch (const pqxx::unique_violation&) {
    return false;
  }
  std::map<std::pair<std::string, std::string>, int64_t> dropped;
  for (const auto& [r, o] : records) {
    LandReport::PerSource& per_source = report->by_source[r.source];
    ++per_source.landed;
    per_source.dropped_fields += int64_t(r.dropped_fields.size());
    for (const std::string& field : r.dropped_fields) ++dropped[{r.agreement_id, field}];
  }
  if (!dropped.empty()) {
    std::vector<std::string> agreements, fields;
    std::vector<int64_t> counts;
    for (const auto& [key, n] : dropped) {
      agreements.push_back(key.first);
      fields.push_back(key.second);
      counts.push_back(n);
    }
    tx.exec_prepared0(kCountDroppedFields, ArrayLiteral(agreements), ArrayLiteral(fields),
                      ArrayLiteral(counts));
  }
  return true;
}

Result<LandReport> RecordStore::Land(const LandingBatch& batch, const std::string& group,
                                     const std::vector<OffsetAdvance>& advances) {
  XM_ASSIGN_OR_RETURN(pqxx::connection * conn, Connection());
  LandReport report;
  try {
    pqxx::work tx(*conn);
    // First, so that a consumer which lost a partition stops here, before any work.
    if (!AdvanceOffsets(tx, group, advances)) {
      return Status::FailedPrecondition(
          "consumer_offsets moved under this consumer (another member of group " + group +
          " owns the partition now, or an earlier commit went through): batch not landed");
    }
    if (!batch.records().empty() && !TryCopyRecords(tx, batch.records(), &report)) {
      StageRecords(tx, batch.records());
      for (const auto& row : tx.exec(kLandRecords)) {
        auto& per_source = report.by_source[row[0].as<std::string>()];
        per_source.landed = row[1].as<int64_t>();
        per_source.dropped_fields = row[2].as<int64_t>();
      }
    }
    if (!batch.records().empty()) tx.exec_prepared0(kRekeyLanded);
    if (!batch.rejects().empty()) {
      StageRejects(tx, batch.rejects());
      report.rejects_stored = tx.exec0(kLandRejects).affected_rows();
    }
    tx.commit();
  } catch (const std::exception& e) {
    conn_.reset();
    return store::StatusFromPqxx(e, "landing a batch of department records");
  }
  return report;
}

Status RecordStore::HoldGroupLock(const std::string& group) {
  locked_group_ = group;
  conn_.reset();  // the lock is taken as the connection opens
  return Connection().status();
}

Result<std::map<TopicPartition, int64_t>> RecordStore::LoadOffsets(const std::string& group) {
  XM_ASSIGN_OR_RETURN(pqxx::connection * conn, Connection());
  std::map<TopicPartition, int64_t> offsets;
  try {
    pqxx::read_transaction tx(*conn);
    for (const auto& row : tx.exec_params(
             "SELECT topic, partition, next_offset FROM consumer_offsets "
             "WHERE consumer_group = $1",
             group)) {
      offsets[{row[0].as<std::string>(), row[1].as<int32_t>()}] = row[2].as<int64_t>();
    }
  } catch (const std::exception& e) {
    conn_.reset();
    return store::StatusFromPqxx(e, "reading the stored consumer offsets");
  }
  return offsets;
}

Status RecordStore::RecordGap(const std::string& group, const OffsetAdvance& advance) {
  XM_ASSIGN_OR_RETURN(pqxx::connection * conn, Connection());
  try {
    pqxx::work tx(*conn);
    if (!AdvanceOffsets(tx, group, {advance})) {
      return Status::FailedPrecondition("consumer_offsets moved under this consumer: gap of " +
                                        advance.tp.topic + " not recorded by it");
    }
    tx.exec_params0(
        "INSERT INTO offset_gaps (consumer_group, topic, partition, from_offset, to_offset) "
        "VALUES ($1, $2, $3, $4, $5)",
        group, advance.tp.topic, advance.tp.partition, advance.expected.value_or(0),
        advance.next);
    tx.commit();
  } catch (const std::exception& e) {
    conn_.reset();
    return store::StatusFromPqxx(e, "recording an offset gap");
  }
  return Status::Ok();
}

}  // namespace xmatch::connectors
