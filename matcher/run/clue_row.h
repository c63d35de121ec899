// ClueRow: a clue as it goes into the clues table (CONTRACT §3), made from an engine Clue
// and the tables it indexes.
//
// evidence (jsonb) holds what a reviewer needs to check the clue without the matcher:
//   {"rule": "imprisoned", "rule_version": "2026.1",
//    "records": [{"source": "justice", "record_id": "J-1", "kind": "imprisonment",
//                 "start_date": "2025-01-15",
//                 "origin": {"topic": "justice.records", "partition": 0, "offset": 41}}],
//    "overpaid": [{"period": "2025-02", "amount": "650.00"}, ...],
//    "other_members": ["M2"]}                         (duplicate_enrollment only)
// Each record carries its kind's own fields under the contract's names (death_date,
// start_date, expected_release, period, amount, scheme, reason, ...) and where it came
// from: a Kafka topic/partition/offset or a file and line.
//
// evidence_hash is the SHA-256 (hex) of the finding: the rule, the records' identities
// and contents, the overpaid months and amounts, the conflicting rows. Not of the
// rule-set version or the records' origins: a record delivered again from another offset
// or a version bump that finds the same thing does not reopen a dismissed clue; one more
// overpaid month, a new record or a corrected date does.
#pragma once

#include <cstdint>
#include <string>

#include "common/money.h"
#include "matcher/clue.h"
#include "matcher/codes.h"

namespace xmatch::matcher {

struct ClueRow {
  std::string clue_key;
  Rule rule = Rule::kDeceased;
  std::string member_id;
  std::string household_id;
  std::string region_code;
  Program program = Program::kDibaoUrban;
  int64_t token_key = 0;      // the roll row's person (shard.h TokenKeyOf)
  int overpaid_periods = 0;
  Money overpaid_amount;
  std::string evidence;       // JSON object text
  std::string evidence_hash;  // 64 hex characters
};

ClueRow MakeClueRow(const Clue& clue, const RollTable& roll, const DeptRecordTable& records);

}  // namespace xmatch::matcher
