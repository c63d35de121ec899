#include "rolls/payment_row.h"

#include <array>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace xmatch::rolls {
namespace {

using ::testing::HasSubstr;

using Fields = std::array<std::string_view, kPaymentColumns.size()>;

TEST(PaymentRow, ParsesAGoodRow) {
  FieldErrors errors;
  const std::optional<PaymentRow> row =
      ParsePaymentRow(Fields{"M001", "2024-03", "650.5", "2024-03-08"}, &errors);
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->member_id, "M001");
  EXPECT_EQ(row->period.ToString(), "2024-03");
  EXPECT_EQ(row->amount.fen(), 65050);
  EXPECT_EQ(row->paid_on.ToString(), "2024-03-08");
}

TEST(PaymentRow, PeriodIsYearAndMonth) {
  for (std::string_view bad : {"2024-3", "2024-03-01", "2024-13", "", "202403"}) {
    FieldErrors errors;
    EXPECT_FALSE(ParsePaymentRow(Fields{"M001", bad, "650", "2024-03-08"}, &errors)) << bad;
    ASSERT_EQ(errors.size(), 1u) << bad;
    EXPECT_EQ(errors[0].column, "period");
  }
}

TEST(PaymentRow, AmountIsYuanToTheFenAndNotNegative) {
  FieldErrors errors;
  EXPECT_FALSE(ParsePaymentRow(Fields{"M001", "2024-03", "1e3", "2024-03-08"}, &errors));
  EXPECT_FALSE(ParsePaymentRow(Fields{"M001", "2024-03", "-5.00", "2024-03-08"}, &errors));
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].column, "amount");
  EXPECT_THAT(errors[0].rule, HasSubstr("exponent"));
  EXPECT_THAT(errors[1].rule, HasSubstr("negative"));
}

TEST(PaymentRow, ReportsEveryBrokenField) {
  FieldErrors errors;
  EXPECT_FALSE(ParsePaymentRow(Fields{"", "2024-03", "x", "2024-02-30"}, &errors));
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].column, "member_id");
  EXPECT_EQ(errors[1].column, "amount");
  EXPECT_EQ(errors[2].column, "paid_on");
}

}  // namespace
}  // namespace xmatch::rolls
