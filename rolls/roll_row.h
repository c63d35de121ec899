// One row of the assistance roll file (CONTRACT §1.1), validated.
//
// ParseRollRow checks every field and reports each broken one; it allocates only for the
// resident ID (and for error messages). The views in a RollRow point into the caller's
// fields, i.e. into the CsvReader's buffer: they live until the reader's next record.
//
// Rules beyond the contract's wording, chosen here:
//  - member_id, household_id: 1..64 bytes, no spaces or control characters.
//  - name: 1..200 bytes, no control characters (tabs and line breaks included).
//  - monthly_amount must not be negative.
//  - exited_on must be empty unless status is `exited`; an exited row may leave it empty
//    (the date is not always on record), and when given it is not before enrolled_on.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string_view>

#include "common/date.h"
#include "common/money.h"
#include "common/resident_id.h"
#include "rolls/field_error.h"

namespace xmatch::rolls {

// The roll file's columns, in the contract's order.
inline constexpr std::array<std::string_view, 10> kRollColumns = {
    "member_id", "household_id", "id_number",      "name",   "program",
    "region_code", "enrolled_on", "monthly_amount", "status", "exited_on"};

// The program codes of CONTRACT §1.1.
inline constexpr std::array<std::string_view, 10> kPrograms = {
    "dibao_urban",       "dibao_rural",     "tekun_centralized", "tekun_dispersed",
    "orphan",            "de_facto_orphan", "disability_living", "disability_care",
    "elderly_allowance", "temp_relief"};

inline constexpr std::array<std::string_view, 3> kMemberStatuses = {"active", "suspended",
                                                                    "exited"};

struct RollRow {
  std::string_view member_id;
  std::string_view household_id;
  ResidentId id_number;          // canonical 18 characters
  std::string_view name;
  std::string_view program;      // one of kPrograms
  std::string_view region_code;  // 12 ASCII digits
  Date enrolled_on;
  Money monthly_amount;
  std::string_view status;       // one of kMemberStatuses
  std::optional<Date> exited_on;
};

// `fields` in kRollColumns order. Returns the row, or nullopt after appending one
// FieldError per broken field to *errors.
std::optional<RollRow> ParseRollRow(std::span<const std::string_view, kRollColumns.size()> fields,
                                    FieldErrors* errors);

}  // namespace xmatch::rolls
