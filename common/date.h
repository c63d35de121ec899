// Calendar dates and months, as the rules of CONTRACT §2 need them.
//
// Date is a count of days since 1970-01-01 (proleptic Gregorian), so comparisons and
// "R is more than 90 days after D" are integer arithmetic. Month is a count of months
// since 0000-01 (year*12 + month-1), so "the paid months P later than the month of D" is
// an integer comparison too. Both are plain values: trivially copyable, 4 bytes.
//
// Text and checked constructors accept years 1900..2199: department records and rolls have
// no business with dates outside that. FromValidYmd() takes any year, for callers that
// validated the day themselves (a resident ID's birth date may be in the 1800s).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace xmatch {

class Month;

class Date {
 public:
  constexpr Date() = default;  // 1970-01-01
  static constexpr Date FromDays(int32_t days_since_epoch) { return Date(days_since_epoch); }
  // Fails with InvalidArgument unless y-m-d is a real calendar day in years 1900..2199.
  static Result<Date> FromYmd(int year, int month, int day);
  // y-m-d must be a real calendar day (see DaysInMonth); any year. Not checked.
  static Date FromValidYmd(int year, int month, int day);
  // Parses exactly "YYYY-MM-DD" (no surrounding spaces, real calendar day, years
  // 1900..2199). Error messages never repeat malformed text: it may be a misplaced ID.
  static Result<Date> Parse(std::string_view text);
  // Today in the machine's local time zone.
  static Date Today();

  int32_t days() const { return days_; }
  int year() const;
  int month() const;  // 1..12
  int day() const;    // 1..31
  Month month_of() const;
  std::string ToString() const;  // "YYYY-MM-DD"

  Date AddDays(int32_t n) const { return Date(days_ + n); }
  friend constexpr auto operator<=>(Date, Date) = default;
  friend constexpr int32_t operator-(Date a, Date b) { return a.days_ - b.days_; }

 private:
  constexpr explicit Date(int32_t days) : days_(days) {}
  int32_t days_ = 0;
};

class Month {
 public:
  constexpr Month() = default;
  static constexpr Month FromIndex(int32_t index) { return Month(index); }
  // Fails unless 1900 <= year <= 2199 and 1 <= month <= 12.
  static Result<Month> FromYm(int year, int month);
  // Parses exactly "YYYY-MM" (years 1900..2199).
  static Result<Month> Parse(std::string_view text);

  int32_t index() const { return index_; }  // year*12 + (month-1)
  int year() const { return index_ / 12; }
  int month() const { return index_ % 12 + 1; }
  Date first_day() const;
  Date last_day() const;
  int days_in_month() const;
  Month Next() const { return Month(index_ + 1); }
  std::string ToString() const;  // "YYYY-MM"

  friend constexpr auto operator<=>(Month, Month) = default;

 private:
  constexpr explicit Month(int32_t index) : index_(index) {}
  int32_t index_ = 0;
};

// Gregorian: every 4th year, except centuries not divisible by 400 (1900 no, 2000 yes).
bool IsLeapYear(int year);
// 28..31; `month` must be 1..12.
int DaysInMonth(int year, int month);

}  // namespace xmatch
