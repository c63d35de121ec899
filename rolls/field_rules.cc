#include "rolls/field_rules.h"

#include <algorithm>
#include <string>

namespace xmatch::rolls {
namespace {

constexpr size_t kMaxKeyBytes = 64;

bool Reject(std::string_view column, std::string rule, FieldErrors* errors) {
  errors->push_back(FieldError{column, std::move(rule)});
  return false;
}

bool IsControl(unsigned char c) { return c < 0x20 || c == 0x7F; }

std::string Joined(std::span<const std::string_view> names) {
  std::string out;
  for (std::string_view n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

}  // namespace

bool CheckKey(std::string_view value, std::string_view column, FieldErrors* errors) {
  if (value.empty()) return Reject(column, "is empty", errors);
  if (value.size() > kMaxKeyBytes) {
    return Reject(column, "is longer than " + std::to_string(kMaxKeyBytes) + " bytes", errors);
  }
  for (unsigned char c : value) {
    if (c == ' ' || IsControl(c)) {
      return Reject(column, "contains a space or control character", errors);
    }
  }
  return true;
}

bool CheckText(std::string_view value, size_t max_bytes, std::string_view column,
               FieldErrors* errors) {
  if (value.empty()) return Reject(column, "is empty", errors);
  if (value.size() > max_bytes) {
    return Reject(column, "is longer than " + std::to_string(max_bytes) + " bytes", errors);
  }
  if (std::any_of(value.begin(), value.end(), [](char c) { return IsControl(c); })) {
    return Reject(column, "contains a control character (a tab or line break)", errors);
  }
  return true;
}

bool CheckOneOf(std::string_view value, std::span<const std::string_view> allowed,
                std::string_view column, FieldErrors* errors) {
  if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return true;
  if (value.empty()) return Reject(column, "is empty; expected one of " + Joined(allowed), errors);
  return Reject(column, "is not one of " + Joined(allowed), errors);
}

bool CheckDigits(std::string_view value, size_t count, std::string_view column,
                 FieldErrors* errors) {
  if (value.size() == count &&
      std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return true;
  }
  return Reject(column,
                "must be " + std::to_string(count) + " digits, got " +
                    std::to_string(value.size()) + " characters",
                errors);
}

std::optional<Date> ParseDateField(std::string_view value, std::string_view column,
                                   FieldErrors* errors) {
  if (value.empty()) {
    Reject(column, "is empty; write the date as YYYY-MM-DD", errors);
    return std::nullopt;
  }
  Result<Date> date = Date::Parse(value);
  if (!date.ok()) {
    Reject(column, date.status().message(), errors);
    return std::nullopt;
  }
  return *date;
}

std::optional<Month> ParseMonthField(std::string_view value, std::string_view column,
                                     FieldErrors* errors) {
  Result<Month> month = Month::Parse(value);
  if (!month.ok()) {
    Reject(column, month.status().message(), errors);
    return std::nullopt;
  }
  return *month;
}

std::optional<Money> ParseAmountField(std::string_view value, std::string_view column,
                                      FieldErrors* errors) {
  Result<Money> money = Money::Parse(value);
  if (!money.ok()) {
    Reject(column, money.status().message(), errors);
    return std::nullopt;
  }
  if (money->fen() < 0) {
    Reject(column, "is negative; amounts paid are 0 or more", errors);
    return std::nullopt;
  }
  return *money;
}

}  // namespace xmatch::rolls
