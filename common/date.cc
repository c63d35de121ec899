#include "common/date.h"

#include <ctime>
#include <string>

namespace xmatch {
namespace {

constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2199;

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian, eras of
// 400 years), valid for any year representable here.
int32_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;                                    // [0, 399]
  const int doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            // [0, 146096]
  return era * 146097 + doe - 719468;
}

struct Civil {
  int year, month, day;
};

Civil CivilFromDays(int32_t z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;                                       // [0, 146096]
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
  const int mp = (5 * doy + 2) / 153;                                     // [0, 11]
  const int d = doy - (153 * mp + 2) / 5 + 1;
  const int m = mp < 10 ? mp + 3 : mp - 9;
  return {yoe + era * 400 + (m <= 2), m, d};
}

// Appends `value` as exactly `width` zero-padded digits (value >= 0).
void AppendPadded(std::string& out, int value, int width) {
  char buf[8];
  for (int i = width - 1; i >= 0; --i) {
    buf[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out.append(buf, width);
}

// Reads `n` ASCII digits at text[pos]; false if any is not a digit.
bool ReadDigits(std::string_view text, size_t pos, size_t n, int* value) {
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    v = v * 10 + (text[i] - '0');
  }
  *value = v;
  return true;
}

Status CheckYearMonth(int year, int month) {
  if (year < kMinYear || year > kMaxYear) {
    return Status::InvalidArgument("year " + std::to_string(year) + " is outside " +
                                   std::to_string(kMinYear) + ".." + std::to_string(kMaxYear));
  }
  if (month < 1 || month > 12) {
    return Status::InvalidArgument("month " + std::to_string(month) + " is not 1..12");
  }
  return Status::Ok();
}

}  // namespace

bool IsLeapYear(int year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

Result<Date> Date::FromYmd(int year, int month, int day) {
  XM_RETURN_IF_ERROR(CheckYearMonth(year, month));
  if (day < 1 || day > DaysInMonth(year, month)) {
    std::string msg;
    AppendPadded(msg, year, 4);
    msg += '-';
    AppendPadded(msg, month, 2);
    msg += " has no day " + std::to_string(day);
    if (month == 2 && day == 29) msg += " (not a leap year)";
    return Status::InvalidArgument(msg);
  }
  return FromValidYmd(year, month, day);
}

Date Date::FromValidYmd(int year, int month, int day) {
  return Date(DaysFromCivil(year, month, day));
}

Result<Date> Date::Parse(std::string_view text) {
  int y = 0, m = 0, d = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !ReadDigits(text, 0, 4, &y) ||
      !ReadDigits(text, 5, 2, &m) || !ReadDigits(text, 8, 2, &d)) {
    return Status::InvalidArgument("date must be written YYYY-MM-DD, e.g. 2024-02-29");
  }
  return FromYmd(y, m, d);
}

Date Date::Today() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return FromValidYmd(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday);
}

int Date::year() const { return CivilFromDays(days_).year; }
int Date::month() const { return CivilFromDays(days_).month; }
int Date::day() const { return CivilFromDays(days_).day; }

Month Date::month_of() const {
  const Civil c = CivilFromDays(days_);
  return Month::FromIndex(c.year * 12 + c.month - 1);
}

std::string Date::ToString() const {
  const Civil c = CivilFromDays(days_);
  std::string out;
  out.reserve(10);
  AppendPadded(out, c.year, 4);
  out += '-';
  AppendPadded(out, c.month, 2);
  out += '-';
  AppendPadded(out, c.day, 2);
  return out;
}

Result<Month> Month::FromYm(int year, int month) {
  XM_RETURN_IF_ERROR(CheckYearMonth(year, month));
  return Month(year * 12 + month - 1);
}

Result<Month> Month::Parse(std::string_view text) {
  int y = 0, m = 0;
  if (text.size() != 7 || text[4] != '-' || !ReadDigits(text, 0, 4, &y) ||
      !ReadDigits(text, 5, 2, &m)) {
    return Status::InvalidArgument("month must be written YYYY-MM, e.g. 2024-02");
  }
  return FromYm(y, m);
}

Date Month::first_day() const { return Date::FromValidYmd(year(), month(), 1); }
Date Month::last_day() const { return Date::FromValidYmd(year(), month(), days_in_month()); }
int Month::days_in_month() const { return DaysInMonth(year(), month()); }

std::string Month::ToString() const {
  std::string out;
  out.reserve(7);
  AppendPadded(out, year(), 4);
  out += '-';
  AppendPadded(out, month(), 2);
  return out;
}

}  // namespace xmatch
