#include "rolls/payment_row.h"

#include "rolls/field_rules.h"

namespace xmatch::rolls {

std::optional<PaymentRow> ParsePaymentRow(
    std::span<const std::string_view, kPaymentColumns.size()> fields, FieldErrors* errors) {
  const size_t errors_before = errors->size();
  CheckKey(fields[0], "member_id", errors);
  const std::optional<Month> period = ParseMonthField(fields[1], "period", errors);
  const std::optional<Money> amount = ParseAmountField(fields[2], "amount", errors);
  const std::optional<Date> paid_on = ParseDateField(fields[3], "paid_on", errors);
  if (errors->size() != errors_before) return std::nullopt;
  return PaymentRow{
      .member_id = fields[0], .period = *period, .amount = *amount, .paid_on = *paid_on};
}

}  // namespace xmatch::rolls
