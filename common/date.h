// Calendar dates and months, as the rules of CONTRACT §2 need them.
//
// Date is a count of days since 1970-01-01 (proleptic Gregorian), so comparisons and
// "R is more than 90 days after D" are integer arithmetic. Month is a count of months
// since 0000-01 (year*12 + month-1), so "the paid months P later than the month of D" is
// an integer comparison too. Both are plain values: trivially copyable, 4 bytes.
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
  // Parses exactly "YYYY-MM-DD" (no surrounding spaces, real calendar day).
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
  // Parses exactly "YYYY-MM".
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

bool IsLeapYear(int year);

}  // namespace xmatch
