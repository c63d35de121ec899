// A validated, minimized department record (CONTRACT §1.3): what lands in one
// dept_records row, apart from where it came from (topic/partition/offset or file/line)
// which the landing code adds.
//
// Holds no resident ID number: the person is a keyed token (CONTRACT §1.5). Fields the
// record's agreement does not allow are already gone; their names are in dropped_fields.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/date.h"
#include "common/money.h"
#include "common/token.h"

namespace xmatch::connectors {

struct DepartmentRecord {
  std::string source;        // public_security, justice, health, pension
  std::string record_id;     // unique within its source; a repeat is the same record
  std::string kind;          // one of the source's kinds (connectors/record_kinds.h)
  std::string agreement_id;  // checked: known, covers source and kind, in force on receipt
  int schema_version = 0;
  IdToken id_token;          // 64 lowercase hex
  int key_version = 0;       // the token key version id_token was made with

  // The typed columns the matching rules read (see Column in record_kinds.h).
  std::optional<Date> event_date;
  std::optional<Date> end_date;
  std::optional<Money> amount;
  std::optional<std::string> reason;

  // A JSON object text for dept_records.fields: the kind's own fields and the optional
  // fields the agreement allows (e.g. name), each value exactly as received.
  std::string fields_json;
  // Names of the fields dropped because the agreement does not allow them, in message
  // order (counted in dropped_fields per agreement).
  std::vector<std::string> dropped_fields;
};

}  // namespace xmatch::connectors
