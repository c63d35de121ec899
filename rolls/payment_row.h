// One row of the payments file (CONTRACT §1.2), validated.
//
// Whether member_id is on the roll, and whether (member_id, period) repeats within the
// file, are checked by the import (ImportPayments), which sees the whole file and the
// database. The views point into the caller's fields (the CsvReader's buffer).
//
// Rules beyond the contract's wording, chosen here: member_id as in the roll (1..64
// bytes, no spaces or control characters); amount must not be negative.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string_view>

#include "common/date.h"
#include "common/money.h"
#include "rolls/field_error.h"

namespace xmatch::rolls {

// The payments file's columns, in the contract's order.
inline constexpr std::array<std::string_view, 4> kPaymentColumns = {"member_id", "period",
                                                                    "amount", "paid_on"};

struct PaymentRow {
  std::string_view member_id;
  Month period;
  Money amount;
  Date paid_on;
};

// `fields` in kPaymentColumns order. Returns the row, or nullopt after appending one
// FieldError per broken field to *errors.
std::optional<PaymentRow> ParsePaymentRow(
    std::span<const std::string_view, kPaymentColumns.size()> fields, FieldErrors* errors);

}  // namespace xmatch::rolls
