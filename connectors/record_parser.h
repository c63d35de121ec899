// Turns one department message (CONTRACT §1.3: a JSON object from a Kafka message or a
// line of a JSON Lines file) into a validated, minimized DepartmentRecord, or a Reject
// saying why not. The Kafka connector and `xmatch feed import` both go through here, so
// the two paths accept and refuse exactly the same records.
//
// What it checks, in order (the first failure is the reject; its reason code in brackets):
//   1. the text is one JSON object with unique member names [bad_json]
//   2. source: one of the four, and the expected one if given [missing_field,
//      unknown_source, source_mismatch]
//   3. record_id (non-empty string, at most 200 bytes), kind of that source, agreement_id
//      (string), schema_version (integer 1) [missing_field, bad_field, unknown_kind]
//   4. the person: id_number (GB 11643, 15 or 18 characters; tokenized under the current
//      key), or id_token (64 hex) with a key_version we hold [missing_field, bad_field,
//      bad_id, unknown_key_version]
//   5. name, if present, is a string; the kind's own fields (record_kinds.h), an end not
//      before its start [missing_field, bad_field, bad_date]
//   6. the agreement: known, covers source and kind, in force on the day of receipt
//      [unknown_agreement, agreement_wrong_source, agreement_wrong_kind,
//      agreement_not_in_force]
//   7. minimization: members that are neither common, identity, nor the kind's own fields
//      are kept only when the agreement lists them in `fields`; the rest are dropped and
//      named in DepartmentRecord::dropped_fields. A kept value holding \u0000, which
//      PostgreSQL's jsonb refuses, is a bad_field.
//
// Personal data: the raw ID number never leaves Parse(). The record carries its token;
// reject messages and payloads carry no ID number (see reject_payload.h).
//
// A RecordParser keeps parser buffers: use one per thread. The keyring and the registry
// are borrowed and must outlive it; they are only read.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/agreements.h"
#include "common/date.h"
#include "common/token.h"
#include "connectors/department_record.h"
#include "connectors/json_message.h"
#include "connectors/reject.h"

namespace xmatch::connectors {

// What the caller knows about a message besides its text.
struct MessageContext {
  // The source the topic or `feed import --source` stands for; a message naming
  // another source is a source_mismatch. Empty: accept any known source.
  std::string expected_source;
  // The day the record was received: the agreement must be in force on it.
  Date received_on;
};

using ParseOutcome = std::variant<DepartmentRecord, Reject>;

class RecordParser {
 public:
  // Requires !keyring.empty() (throws std::invalid_argument otherwise: a start-up error;
  // messages with id_number cannot be tokenized without a key).
  RecordParser(const TokenKeyring& keyring, const AgreementRegistry& agreements);

  // Never fails as a whole: every message yields a record or a reject.
  ParseOutcome Parse(std::string_view message, const MessageContext& context);

  // Largest record_id accepted, in bytes.
  static constexpr size_t kMaxRecordIdBytes = 200;
  // The only schema_version this build reads.
  static constexpr int kSchemaVersion = 1;

 private:
  const TokenKeyring& keyring_;
  const AgreementRegistry& agreements_;
  JsonMessageReader reader_;
  std::vector<JsonMember> members_;  // reused between messages
};

}  // namespace xmatch::connectors
