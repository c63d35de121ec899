// Department records (CONTRACT §1.3) as the matcher holds them in memory: the typed
// columns of dept_records that the rules read, plus where each record came from, so a
// clue can cite it. Immutable once loaded; safe to read from any number of threads.
//
// The probe reads only key64s(), a dense array (8 bytes a record); the full records are
// touched only for the few that match a roll row. A loader facing far more records than
// the roll can keep may probe each batch first (MatchEngine::index()) and Add only the
// records that match.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/date.h"
#include "common/money.h"
#include "matcher/codes.h"
#include "matcher/person_key.h"

namespace xmatch::matcher {

// Where a record was received: a Kafka message or a line of a file.
struct RecordOrigin {
  std::string topic;       // Kafka topic; empty for files
  int32_t partition = -1;
  int64_t offset = -1;
  std::string file;        // feed file; empty for Kafka
  int32_t line = 0;
};

struct DeptRecord {
  RecordKind kind = RecordKind::kDeath;  // its source is SourceOf(kind)
  std::string record_id;                 // unique within the source
  PersonKey person;
  // death_date, date, start_date or release_date; a pension_payment's period's first day.
  Date event_date;
  std::optional<Date> end_date;          // detention/community_correction end_date,
                                         // imprisonment expected_release
  std::optional<Money> amount;           // pension_payment amount
  std::string reason;                    // deregistration/pension_stop reason, pension scheme
  RecordOrigin origin;

  Source source() const { return SourceOf(kind); }
};

class DeptRecordTable {
 public:
  // (source, record_id) must be unique across the table, as in dept_records' primary key.
  void Add(DeptRecord record) {
    keys_.push_back(record.person.key64);
    records_.push_back(std::move(record));
  }
  void Reserve(size_t n) {
    keys_.reserve(n);
    records_.reserve(n);
  }
  size_t size() const { return records_.size(); }
  std::span<const uint64_t> key64s() const { return keys_; }
  const DeptRecord& operator[](uint32_t i) const { return records_[i]; }

 private:
  std::vector<uint64_t> keys_;
  std::vector<DeptRecord> records_;
};

}  // namespace xmatch::matcher
