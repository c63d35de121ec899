#include "connectors/record_store.h"

#include <string_view>
#include <tuple>
#include <utility>

#include "connectors/json_message.h"
#include "connectors/reject.h"
#include "store/connection.h"

namespace xmatch::connectors {
namespace {

// Staging tables: temporary, per connection, emptied at every commit. COPY fills them;
// one statement each moves their rows into the real tables.
constexpr char kCreateStaging[] = R"sql(
CREATE TEMP TABLE IF NOT EXISTS dept_records_stage (
  seq integer, source text, record_id text, kind text, agreement_id text,
  schema_version integer, id_token text, key_version integer, event_date date,
  end_date date, amount numeric(12, 2), reason text, fields jsonb, origin_topic text,
  origin_partition integer, origin_offset bigint, origin_file text, origin_line integer,
  dropped jsonb
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
    key_version, event_date, end_date, amount, reason, fields, origin_topic,
    origin_partition, origin_offset, origin_file, origin_line)
  SELECT source, record_id, kind, agreement_id, schema_version, id_token, key_version,
    event_date, end_date, amount, reason, fields, origin_topic, origin_partition,
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

constexpr char kAdvanceOffset[] = "xmatch_advance_offset";
constexpr char kInsertOffset[] = "xmatch_insert_offset";

std::optional<std::string> Text(std::string_view s) {
  if (s.empty()) return std::nullopt;
  return std::string(s);
}

template <typename T>
std::optional<T> KafkaOnly(const Origin& o, T value) {
  if (o.topic.empty()) return std::nullopt;
  return value;
}

std::optional<int64_t> FileLine(const Origin& o) {
  if (o.file.empty()) return std::nullopt;
  return o.line;
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

void StageRecords(pqxx::work& tx, const std::vector<OriginRecord>& records) {
  pqxx::stream_to stage(
      tx, "dept_records_stage",
      std::vector<std::string>{"seq", "source", "record_id", "kind", "agreement_id",
                               "schema_version", "id_token", "key_version", "event_date",
                               "end_date", "amount", "reason", "fields", "origin_topic",
                               "origin_partition", "origin_offset", "origin_file",
                               "origin_line", "dropped"});
  int seq = 0;
  for (const auto& [r, o] : records) {
    stage << std::make_tuple(
        seq++, r.source, r.record_id, r.kind, r.agreement_id, r.schema_version, r.id_token,
        r.key_version,
        r.event_date ? std::optional(r.event_date->ToString()) : std::nullopt,
        r.end_date ? std::optional(r.end_date->ToString()) : std::nullopt,
        r.amount ? std::optional(r.amount->ToString()) : std::nullopt, r.reason,
        r.fields_json, Text(o.topic), KafkaOnly(o, o.partition), KafkaOnly(o, o.offset),
        Text(o.file), FileLine(o), DroppedJson(r.dropped_fields));
  }
  stage.complete();
}

void StageRejects(pqxx::work& tx, const std::vector<OriginReject>& rejects) {
  pqxx::stream_to stage(
      tx, "rejects_stage",
      std::vector<std::string>{"source", "agreement_id", "reason_code", "reason",
                               "origin_topic", "origin_partition", "origin_offset",
                               "origin_file", "origin_line", "payload"});
  for (const auto& [r, o] : rejects) {
    stage << std::make_tuple(Text(r.source), Text(r.agreement_id),
                             std::string(RejectReasonCode(r.reason)), r.message, Text(o.topic),
                             KafkaOnly(o, o.partition), KafkaOnly(o, o.offset), Text(o.file),
                             FileLine(o), r.payload);
  }
  stage.complete();
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
    conn->prepare(kAdvanceOffset,
                  "UPDATE consumer_offsets SET next_offset = $5, updated_at = now() "
                  "WHERE consumer_group = $1 AND topic = $2 AND partition = $3 "
                  "AND next_offset = $4");
    conn->prepare(kInsertOffset,
                  "INSERT INTO consumer_offsets (consumer_group, topic, partition, next_offset) "
                  "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING");
  } catch (const std::exception& e) {
    return store::StatusFromPqxx(e, "preparing the connectors' staging tables");
  }
  conn_ = std::move(conn);
  return conn_.get();
}

bool RecordStore::AdvanceOffsets(pqxx::work& tx, const std::string& group,
                                 const std::vector<OffsetAdvance>& advances) {
  for (const OffsetAdvance& a : advances) {
    pqxx::result r =
        a.expected ? tx.exec_prepared(kAdvanceOffset, group, a.tp.topic, a.tp.partition,
                                      *a.expected, a.next)
                   : tx.exec_prepared(kInsertOffset, group, a.tp.topic, a.tp.partition, a.next);
    if (r.affected_rows() != 1) return false;
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
    if (!batch.records().empty()) {
      StageRecords(tx, batch.records());
      for (const auto& row : tx.exec(kLandRecords)) {
        auto& per_source = report.by_source[row[0].as<std::string>()];
        per_source.landed = row[1].as<int64_t>();
        per_source.dropped_fields = row[2].as<int64_t>();
      }
    }
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
