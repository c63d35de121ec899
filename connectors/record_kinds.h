// The department record kinds of CONTRACT §1.3: for each source and kind, the kind's own
// fields, their types, and which typed dept_records column each one fills.
//
// This table is the single C++ statement of the contract table. The JSON Schemas in
// schemas/json/ document the same records for departments; connectors_unit_test checks
// that the two agree (kinds, fields, required-ness, enum values).
#pragma once

#include <span>
#include <string_view>
#include <vector>

namespace xmatch::connectors {

enum class FieldType {
  kDate,   // "YYYY-MM-DD", a real calendar day
  kMonth,  // "YYYY-MM"
  kMoney,  // yuan, JSON string or number, at most 2 decimals, not negative
  kEnum,   // one of FieldSpec::values
  kText,   // a non-empty string
};

// The dept_records column a field fills (CONTRACT §3 / schemas/sql/0001_init.sql).
enum class Column {
  kNone,       // kept in `fields` only
  kEventDate,  // death_date, date, start_date, release_date; a period's first day
  kEndDate,    // end_date, expected_release
  kAmount,     // pension_payment amount
  kReason,     // deregistration/pension_stop reason, pension scheme
};

struct FieldSpec {
  std::string_view name;
  FieldType type;
  bool required;
  Column column;
  std::vector<std::string_view> values = {};  // kEnum only
};

struct KindSpec {
  std::string_view source;
  std::string_view kind;
  std::vector<FieldSpec> fields;
};

// Every kind of every source, in the order of the contract table.
std::span<const KindSpec> AllKinds();

// The spec for `kind` of `source`, or nullptr when that source does not send that kind.
const KindSpec* FindKind(std::string_view source, std::string_view kind);

// True for public_security, justice, health and pension.
bool IsKnownSource(std::string_view source);

}  // namespace xmatch::connectors
