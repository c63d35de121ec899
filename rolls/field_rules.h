// Field checks shared by the roll and payments rows. Each returns whether the value is
// acceptable (or the parsed value) and, when it is not, appends a FieldError naming
// `column` and the rule to *errors. Messages never quote the value.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "common/date.h"
#include "common/money.h"
#include "rolls/field_error.h"

namespace xmatch::rolls {

// A row or household key: 1..64 bytes, no spaces or control characters.
bool CheckKey(std::string_view value, std::string_view column, FieldErrors* errors);

// Free text such as a name: 1..max_bytes bytes, no control characters.
bool CheckText(std::string_view value, size_t max_bytes, std::string_view column,
               FieldErrors* errors);

// One of `allowed`, exactly (case matters).
bool CheckOneOf(std::string_view value, std::span<const std::string_view> allowed,
                std::string_view column, FieldErrors* errors);

// Exactly `count` ASCII digits.
bool CheckDigits(std::string_view value, size_t count, std::string_view column,
                 FieldErrors* errors);

// A required YYYY-MM-DD date.
std::optional<Date> ParseDateField(std::string_view value, std::string_view column,
                                   FieldErrors* errors);

// A required YYYY-MM month.
std::optional<Month> ParseMonthField(std::string_view value, std::string_view column,
                                     FieldErrors* errors);

// A required amount in yuan (Money::Parse), not negative.
std::optional<Money> ParseAmountField(std::string_view value, std::string_view column,
                                      FieldErrors* errors);

}  // namespace xmatch::rolls
