#include "common/money.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>

namespace xmatch {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

int64_t Fen(std::string_view yuan) {
  Result<Money> m = Money::Parse(yuan);
  EXPECT_TRUE(m.ok()) << yuan << ": " << m.status().ToString();
  return m.ok() ? m->fen() : -1;
}

// The error message for `yuan`, which must be rejected.
std::string Error(std::string_view yuan) {
  Result<Money> m = Money::Parse(yuan);
  EXPECT_FALSE(m.ok()) << '"' << yuan << "\" should be rejected";
  EXPECT_EQ(m.status().code(), Status::Code::kInvalidArgument);
  return m.status().message();
}

TEST(Money, ParsesYuanWithUpToTwoDecimals) {
  EXPECT_EQ(Fen("650"), 65000);
  EXPECT_EQ(Fen("650.5"), 65050);
  EXPECT_EQ(Fen("650.50"), 65050);
  EXPECT_EQ(Fen("-3.20"), -320);
  EXPECT_EQ(Fen("0.05"), 5);
  EXPECT_EQ(Fen("0"), 0);
  EXPECT_EQ(Fen("-0"), 0);
  EXPECT_EQ(Fen("007.10"), 710);
}

TEST(Money, SumsExactlyWhereBinaryFloatingPointWouldNot) {
  EXPECT_EQ(*Money::Parse("0.10") + *Money::Parse("0.20"), *Money::Parse("0.30"));
  Money total;
  for (int i = 0; i < 1000; ++i) total += *Money::Parse("0.01");
  EXPECT_EQ(total.ToString(), "10.00");
}

TEST(Money, PrintsExactlyTwoDecimals) {
  EXPECT_EQ(Money::FromFen(65050).ToString(), "650.50");
  EXPECT_EQ(Money::FromFen(65000).ToString(), "650.00");
  EXPECT_EQ(Money::FromFen(-5).ToString(), "-0.05");
  EXPECT_EQ(Money::FromFen(-320).ToString(), "-3.20");
  EXPECT_EQ(Money::FromFen(0).ToString(), "0.00");
  EXPECT_EQ(Money::FromFen(7).ToString(), "0.07");
  EXPECT_EQ(Money::FromFen(std::numeric_limits<int64_t>::min()).ToString(),
            "-92233720368547758.08");
}

TEST(Money, PrintedAmountsParseBack) {
  for (int64_t fen : {0L, 1L, -1L, 99L, 100L, 65050L, -999999999999L}) {
    EXPECT_EQ(Fen(Money::FromFen(fen).ToString()), fen);
  }
}

TEST(Money, RejectsEmpty) { EXPECT_THAT(Error(""), HasSubstr("is empty")); }

TEST(Money, RejectsMoreThanTwoDecimals) {
  EXPECT_THAT(Error("650.505"), HasSubstr("more than 2 decimals"));
  EXPECT_THAT(Error("650.500"), HasSubstr("more than 2 decimals"));
}

TEST(Money, RejectsExponents) {
  EXPECT_THAT(Error("1e3"), HasSubstr("exponent"));
  EXPECT_THAT(Error("1.5E2"), HasSubstr("exponent"));
  EXPECT_THAT(Error("6.5e+02"), HasSubstr("exponent"));
}

TEST(Money, RejectsSignsOtherThanOneLeadingMinus) {
  EXPECT_THAT(Error("+650"), HasSubstr("'+'"));
  EXPECT_THAT(Error("--650"), HasSubstr("'-' that is not its first character"));
  EXPECT_THAT(Error("650-"), HasSubstr("'-' that is not its first character"));
}

TEST(Money, RejectsSpaces) {
  EXPECT_THAT(Error(" 650"), HasSubstr("space"));
  EXPECT_THAT(Error("650 "), HasSubstr("space"));
  EXPECT_THAT(Error("1 000"), HasSubstr("space"));
  EXPECT_THAT(Error("- 650"), HasSubstr("space"));
}

TEST(Money, RejectsThousandsSeparators) {
  EXPECT_THAT(Error("1,000"), HasSubstr("thousands separator"));
  EXPECT_THAT(Error("1,000.00"), HasSubstr("thousands separator"));
  EXPECT_THAT(Error("1，000"), HasSubstr("thousands separator"));  // full-width comma
  EXPECT_THAT(Error("1_000"), HasSubstr("thousands separator"));
}

TEST(Money, RejectsNonNumbers) {
  for (std::string_view bad : {"NaN", "nan", "inf", "-Infinity", "abc", "650元", "１２"}) {
    EXPECT_THAT(Error(bad), HasSubstr("not a number")) << bad;
  }
  EXPECT_THAT(Error("-"), HasSubstr("no digits"));
  EXPECT_THAT(Error("."), HasSubstr("no digits"));
}

TEST(Money, RejectsABareDecimalPointAtEitherEnd) {
  EXPECT_THAT(Error("1."), HasSubstr("write 1 or 1.00"));
  EXPECT_THAT(Error(".5"), HasSubstr("write 0.5"));
  EXPECT_THAT(Error("-.5"), HasSubstr("write 0.5"));
  EXPECT_THAT(Error("1.2.3"), HasSubstr("more than one '.'"));
}

TEST(Money, RejectsAmountsBeyondTenDigitsOfYuan) {
  EXPECT_EQ(Fen("9999999999.99"), Money::kMaxYuan * 100 + 99);
  EXPECT_EQ(Fen("-9999999999.99"), -(Money::kMaxYuan * 100 + 99));
  EXPECT_THAT(Error("10000000000"), HasSubstr("out of range"));
  EXPECT_THAT(Error("-10000000000.00"), HasSubstr("out of range"));
  EXPECT_THAT(Error("99999999999999999999999999"), HasSubstr("out of range"));
}

TEST(Money, AnIdNumberInAnAmountColumnIsRejectedWithoutBeingRepeated) {
  const std::string eighteen = Error("110105194912310021");
  EXPECT_THAT(eighteen, HasSubstr("out of range"));
  EXPECT_THAT(eighteen, Not(HasSubstr("1949")));
  const std::string legacy = Error("110105491231002");
  EXPECT_THAT(legacy, HasSubstr("out of range"));
  EXPECT_THAT(legacy, Not(HasSubstr("491231")));
  const std::string with_x = Error("11010519491231002X");
  EXPECT_THAT(with_x, HasSubstr("not a number"));
  EXPECT_THAT(with_x, Not(HasSubstr("1949")));
}

}  // namespace
}  // namespace xmatch
