// LandingBatch: parsed department messages waiting to be landed in one transaction
// (RecordStore::Land), each with where it came from: a Kafka topic/partition/offset or a
// file and line. The Kafka connector and `xmatch feed import` both fill one, so both land
// through exactly the same code.
//
// Owns its records and rejects; holds no resident ID number (RecordParser has already
// replaced them by tokens). Not thread-safe: one per landing loop.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "connectors/department_record.h"
#include "connectors/record_parser.h"
#include "connectors/reject.h"

namespace xmatch::connectors {

// Where a message came from: Kafka (topic non-empty) or a file (file non-empty).
struct Origin {
  std::string topic;
  int32_t partition = -1;
  int64_t offset = -1;
  std::string file;
  int64_t line = 0;

  static Origin Kafka(std::string topic, int32_t partition, int64_t offset) {
    return {std::move(topic), partition, offset, {}, 0};
  }
  static Origin File(std::string file, int64_t line) { return {{}, -1, -1, std::move(file), line}; }
};

struct OriginRecord {
  DepartmentRecord record;
  Origin origin;
};

struct OriginReject {
  Reject reject;
  Origin origin;
};

class LandingBatch {
 public:
  // Adds one parsed message in arrival order: a record when it was valid, else its reject.
  void Add(ParseOutcome outcome, Origin origin);

  const std::vector<OriginRecord>& records() const { return records_; }
  const std::vector<OriginReject>& rejects() const { return rejects_; }
  // Messages added: records().size() + rejects().size().
  size_t size() const { return records_.size() + rejects_.size(); }
  bool empty() const { return size() == 0; }
  void Clear();

 private:
  std::vector<OriginRecord> records_;
  std::vector<OriginReject> rejects_;
};

}  // namespace xmatch::connectors
