#include "common/date.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ctime>

namespace xmatch {
namespace {

using ::testing::HasSubstr;

Date D(std::string_view text) {
  Result<Date> d = Date::Parse(text);
  EXPECT_TRUE(d.ok()) << text << ": " << d.status().ToString();
  return d.ok() ? *d : Date();
}

std::string DateError(std::string_view text) {
  Result<Date> d = Date::Parse(text);
  EXPECT_FALSE(d.ok()) << text << " should be rejected";
  return d.status().message();
}

TEST(Date, CountsDaysFromTheUnixEpoch) {
  EXPECT_EQ(Date().ToString(), "1970-01-01");
  EXPECT_EQ(D("1970-01-01").days(), 0);
  EXPECT_EQ(D("2000-03-01").days(), 11017);
  EXPECT_EQ(D("1900-01-01").days(), -25567);
  EXPECT_EQ(D("2199-12-31").days(), 84005);
}

TEST(Date, EveryDayFrom1900To2199RoundTripsThroughText) {
  Date previous = D("1900-01-01");
  int checked = 1;
  for (Date d = previous.AddDays(1); d <= D("2199-12-31"); d = d.AddDays(1), ++checked) {
    const std::string text = d.ToString();
    ASSERT_EQ(D(text), d) << text;
    // The calendar advances by exactly one day: next day of the month, or day 1 of the next.
    if (d.day() != 1) {
      ASSERT_EQ(d.day(), previous.day() + 1) << text;
    } else {
      ASSERT_EQ(previous.day(), DaysInMonth(previous.year(), previous.month())) << text;
      ASSERT_EQ(d.month_of(), previous.month_of().Next()) << text;
    }
    previous = d;
  }
  EXPECT_EQ(checked, 84005 + 25567 + 1);
}

TEST(Date, LeapYearsFollowTheGregorianRule) {
  EXPECT_FALSE(IsLeapYear(1900));
  EXPECT_TRUE(IsLeapYear(2000));
  EXPECT_TRUE(IsLeapYear(2024));
  EXPECT_FALSE(IsLeapYear(2023));
  EXPECT_FALSE(IsLeapYear(2100));
}

TEST(Date, LastDayOfFebruaryDependsOnLeapYear) {
  EXPECT_EQ(DaysInMonth(2024, 2), 29);
  EXPECT_EQ(DaysInMonth(2023, 2), 28);
  EXPECT_EQ(DaysInMonth(1900, 2), 28);
  EXPECT_EQ(DaysInMonth(2000, 2), 29);
  EXPECT_EQ(D("2024-02-29").AddDays(1), D("2024-03-01"));
  EXPECT_EQ(D("2023-02-28").AddDays(1), D("2023-03-01"));
  EXPECT_THAT(DateError("2023-02-29"), HasSubstr("not a leap year"));
  EXPECT_THAT(DateError("1900-02-29"), HasSubstr("not a leap year"));
  EXPECT_TRUE(Date::Parse("2000-02-29").ok());
}

TEST(Date, RejectsDaysThatAreNotOnTheCalendar) {
  EXPECT_THAT(DateError("2024-04-31"), HasSubstr("2024-04 has no day 31"));
  EXPECT_THAT(DateError("2024-01-00"), HasSubstr("has no day 0"));
  EXPECT_THAT(DateError("2024-13-01"), HasSubstr("month 13"));
  EXPECT_THAT(DateError("2024-00-10"), HasSubstr("month 0"));
}

TEST(Date, AcceptsOnlyYears1900To2199) {
  EXPECT_THAT(DateError("1899-12-31"), HasSubstr("year 1899 is outside 1900..2199"));
  EXPECT_THAT(DateError("2200-01-01"), HasSubstr("outside 1900..2199"));
  EXPECT_FALSE(Date::FromYmd(1899, 12, 31).ok());
  EXPECT_TRUE(Date::FromYmd(1900, 1, 1).ok());
}

TEST(Date, ParsesExactlyYyyyMmDd) {
  for (std::string_view bad : {"2024-2-29", "2024/02/29", " 2024-02-29", "2024-02-29 ", "20240229",
                               "2024-02-29T00:00", "", "+024-02-29"}) {
    EXPECT_THAT(DateError(bad), HasSubstr("YYYY-MM-DD")) << bad;
  }
}

TEST(Date, AnIdNumberInADateColumnIsRejectedWithoutBeingRepeated) {
  const std::string msg = DateError("11010519491231002X");
  EXPECT_THAT(msg, HasSubstr("YYYY-MM-DD"));
  EXPECT_THAT(msg, ::testing::Not(HasSubstr("19491231")));
}

TEST(Date, SubtractionGivesDaysBetween) {
  EXPECT_EQ(D("2024-03-01") - D("2024-02-01"), 29);
  EXPECT_EQ(D("2024-01-01") - D("2023-01-01"), 365);
  EXPECT_EQ(D("2023-01-01") - D("2024-01-01"), -365);
  EXPECT_LT(D("1969-12-31"), D("1970-01-01"));
}

TEST(Date, FromValidYmdTakesBirthDatesBefore1900) {
  const Date d = Date::FromValidYmd(1880, 1, 1);
  EXPECT_EQ(d.ToString(), "1880-01-01");
  EXPECT_EQ(d.year(), 1880);
}

TEST(Date, TodayIsTheLocalCalendarDay) {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char expected[11];
  std::strftime(expected, sizeof(expected), "%Y-%m-%d", &local);
  EXPECT_EQ(Date::Today().ToString(), expected);
}

TEST(Month, IndexesMonthsFromYearZero) {
  const Month m = *Month::Parse("2024-02");
  EXPECT_EQ(m.index(), 2024 * 12 + 1);
  EXPECT_EQ(m.year(), 2024);
  EXPECT_EQ(m.month(), 2);
  EXPECT_EQ(m.ToString(), "2024-02");
  EXPECT_EQ(*Month::FromYm(2024, 2), m);
}

TEST(Month, NextCrossesTheYearEnd) {
  EXPECT_EQ(Month::Parse("2023-12")->Next().ToString(), "2024-01");
  EXPECT_EQ(Month::Parse("2024-01")->Next().ToString(), "2024-02");
  EXPECT_LT(*Month::Parse("2023-12"), *Month::Parse("2024-01"));
}

TEST(Month, FirstAndLastDays) {
  const Month feb2024 = *Month::Parse("2024-02");
  EXPECT_EQ(feb2024.first_day(), D("2024-02-01"));
  EXPECT_EQ(feb2024.last_day(), D("2024-02-29"));
  EXPECT_EQ(feb2024.days_in_month(), 29);
  EXPECT_EQ(Month::Parse("1900-02")->last_day(), D("1900-02-28"));
  EXPECT_EQ(Month::Parse("2023-12")->last_day(), D("2023-12-31"));
  EXPECT_EQ(Month::Parse("2024-04")->days_in_month(), 30);
}

TEST(Month, ADateBelongsToItsMonth) {
  EXPECT_EQ(D("2024-02-29").month_of(), *Month::Parse("2024-02"));
  EXPECT_EQ(D("2024-03-01").month_of(), *Month::Parse("2024-03"));
  EXPECT_EQ(D("1999-12-31").month_of().Next(), D("2000-01-01").month_of());
}

TEST(Month, ParsesExactlyYyyyMm) {
  for (std::string_view bad : {"2024-2", "202402", "2024-02-01", "2024/02", "", " 2024-02"}) {
    Result<Month> m = Month::Parse(bad);
    ASSERT_FALSE(m.ok()) << bad;
    EXPECT_THAT(m.status().message(), HasSubstr("YYYY-MM")) << bad;
  }
  EXPECT_THAT(Month::Parse("2024-13").status().message(), HasSubstr("month 13 is not 1..12"));
  EXPECT_THAT(Month::Parse("1899-12").status().message(), HasSubstr("outside 1900..2199"));
  EXPECT_FALSE(Month::FromYm(2200, 1).ok());
}

}  // namespace
}  // namespace xmatch
