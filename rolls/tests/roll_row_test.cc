#include "rolls/roll_row.h"

#include <array>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace xmatch::rolls {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

using Fields = std::array<std::string_view, kRollColumns.size()>;

Fields Good() {
  return {"M001", "H001", "11010519491231002X", "张三", "dibao_urban", "110105001001",
          "2020-03-01", "650.50", "active", ""};
}

size_t Col(std::string_view name) {
  return std::find(kRollColumns.begin(), kRollColumns.end(), name) - kRollColumns.begin();
}

// The single error a row with `column` set to `value` gets.
FieldErrors ErrorsWith(std::string_view column, std::string_view value) {
  Fields f = Good();
  f[Col(column)] = value;
  FieldErrors errors;
  EXPECT_FALSE(ParseRollRow(f, &errors).has_value());
  return errors;
}

TEST(RollRow, ParsesAGoodRow) {
  FieldErrors errors;
  const std::optional<RollRow> row = ParseRollRow(Good(), &errors);
  ASSERT_TRUE(row.has_value());
  EXPECT_THAT(errors, IsEmpty());
  EXPECT_EQ(row->member_id, "M001");
  EXPECT_EQ(row->name, "张三");
  EXPECT_EQ(row->id_number.str(), "11010519491231002X");
  EXPECT_EQ(row->monthly_amount.fen(), 65050);
  EXPECT_EQ(row->enrolled_on.ToString(), "2020-03-01");
  EXPECT_FALSE(row->exited_on.has_value());
}

TEST(RollRow, NormalizesLegacyAndLowercaseIds) {
  Fields f = Good();
  f[Col("id_number")] = "110105491231002";
  FieldErrors errors;
  std::optional<RollRow> row = ParseRollRow(f, &errors);
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->id_number.str(), "11010519491231002X");
  f[Col("id_number")] = "11010519491231002x";
  row = ParseRollRow(f, &errors);
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->id_number.str(), "11010519491231002X");
}

TEST(RollRow, BadCheckCharacterNamesTheRuleButNotTheNumber) {
  const FieldErrors errors = ErrorsWith("id_number", "110105194912310021");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].column, "id_number");
  EXPECT_THAT(errors[0].rule, HasSubstr("check character"));
  EXPECT_THAT(errors[0].rule, Not(HasSubstr("11010519491231002")));
}

TEST(RollRow, EmptyIdIsAnError) {
  const FieldErrors errors = ErrorsWith("id_number", "");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rule, "is empty");
}

TEST(RollRow, UnknownProgramListsTheCodes) {
  const FieldErrors errors = ErrorsWith("program", "dibao");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].column, "program");
  EXPECT_THAT(errors[0].rule, HasSubstr("dibao_urban, dibao_rural"));
}

TEST(RollRow, RegionCodeMustBeTwelveDigits) {
  EXPECT_EQ(ErrorsWith("region_code", "110105001").at(0).column, "region_code");
  EXPECT_EQ(ErrorsWith("region_code", "11010500100A").at(0).column, "region_code");
}

TEST(RollRow, DatesMustBeRealCalendarDays) {
  const FieldErrors errors = ErrorsWith("enrolled_on", "2023-02-29");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].column, "enrolled_on");
  EXPECT_EQ(ErrorsWith("enrolled_on", "2023/02/01").at(0).column, "enrolled_on");
  EXPECT_EQ(ErrorsWith("enrolled_on", "").at(0).column, "enrolled_on");
}

TEST(RollRow, AmountFollowsMoneyRulesAndIsNotNegative) {
  EXPECT_THAT(ErrorsWith("monthly_amount", "650.505").at(0).rule, HasSubstr("2 decimals"));
  EXPECT_THAT(ErrorsWith("monthly_amount", "1,000").at(0).rule, HasSubstr("thousands"));
  EXPECT_THAT(ErrorsWith("monthly_amount", "-1").at(0).rule, HasSubstr("negative"));
  for (std::string_view ok : {"650", "650.5", "650.50", "0"}) {
    Fields f = Good();
    f[Col("monthly_amount")] = ok;
    FieldErrors errors;
    EXPECT_TRUE(ParseRollRow(f, &errors).has_value()) << ok;
  }
}

TEST(RollRow, StatusMustBeKnown) {
  EXPECT_EQ(ErrorsWith("status", "Active").at(0).column, "status");
}

TEST(RollRow, ExitedOnOnlyForExitedRows) {
  const FieldErrors errors = ErrorsWith("exited_on", "2023-01-01");  // status active
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].column, "exited_on");
  EXPECT_THAT(errors[0].rule, HasSubstr("unless status is exited"));

  Fields f = Good();
  f[Col("status")] = "exited";
  f[Col("exited_on")] = "2023-01-01";
  FieldErrors none;
  const std::optional<RollRow> row = ParseRollRow(f, &none);
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->exited_on->ToString(), "2023-01-01");

  f[Col("exited_on")] = "";  // an exit date is not always on record
  EXPECT_TRUE(ParseRollRow(f, &none).has_value());

  f[Col("exited_on")] = "2019-01-01";  // before enrolled_on
  FieldErrors before;
  EXPECT_FALSE(ParseRollRow(f, &before).has_value());
  ASSERT_EQ(before.size(), 1u);
  EXPECT_THAT(before[0].rule, HasSubstr("before enrolled_on"));
}

TEST(RollRow, KeysAndNamesMustBePresentAndClean) {
  EXPECT_EQ(ErrorsWith("member_id", "").at(0).column, "member_id");
  EXPECT_EQ(ErrorsWith("member_id", "M 1").at(0).column, "member_id");
  EXPECT_EQ(ErrorsWith("household_id", std::string(65, 'H')).at(0).column, "household_id");
  EXPECT_EQ(ErrorsWith("name", "").at(0).column, "name");
  EXPECT_EQ(ErrorsWith("name", "张\n三").at(0).column, "name");
}

TEST(RollRow, ReportsEveryBrokenField) {
  Fields f = Good();
  f[Col("member_id")] = "";
  f[Col("program")] = "x";
  f[Col("monthly_amount")] = "abc";
  FieldErrors errors;
  EXPECT_FALSE(ParseRollRow(f, &errors).has_value());
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].column, "member_id");
  EXPECT_EQ(errors[1].column, "program");
  EXPECT_EQ(errors[2].column, "monthly_amount");
}

}  // namespace
}  // namespace xmatch::rolls
