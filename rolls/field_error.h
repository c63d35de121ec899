// FieldError: why one field of one row was rejected, before the line number is known to it.
// The rule is written for the person fixing the file and never quotes the field's value
// (a misplaced column could hold a resident ID number).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace xmatch::rolls {

struct FieldError {
  std::string_view column;  // a constant column name, e.g. "id_number"
  std::string rule;         // e.g. "resident ID check character should be X, not 3"
};

using FieldErrors = std::vector<FieldError>;

}  // namespace xmatch::rolls
