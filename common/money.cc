#include "common/money.h"

#include <cstdlib>

namespace xmatch {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

Status Invalid(std::string_view rule) {
  return Status::InvalidArgument("amount " + std::string(rule));
}

// Explains why `text` is not [-]digits[.d[d]]; called only once the fast path failed.
Status Diagnose(std::string_view text) {
  if (text.empty()) return Invalid("is empty; write 0 for no money");
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      return Invalid("contains a space; write digits only, e.g. 650.50");
    }
  }
  const bool digit_before_e = [&] {
    const size_t e = text.find_first_of("eE");
    return e != std::string_view::npos && e > 0 && IsDigit(text[e - 1]);
  }();
  if (digit_before_e) {
    return Invalid("uses exponent notation; write plain decimals, e.g. 1500.00 not 1.5e3");
  }
  if (text.find(',') != std::string_view::npos || text.find('_') != std::string_view::npos ||
      text.find('\'') != std::string_view::npos ||
      text.find("\xEF\xBC\x8C") != std::string_view::npos) {  // full-width comma
    return Invalid("contains a thousands separator; write 1000.00, not 1,000.00");
  }
  if (text.find('+') != std::string_view::npos) {
    return Invalid("has a '+' sign; write positive amounts without a sign");
  }
  if (text.find('-', 1) != std::string_view::npos) {
    return Invalid("has a '-' that is not its first character");
  }
  for (char c : text) {
    if (!IsDigit(c) && c != '-' && c != '.') {
      return Invalid("is not a number: only digits, one '.' and a leading '-' are allowed");
    }
  }
  const std::string_view body = text[0] == '-' ? text.substr(1) : text;
  const size_t dot = body.find('.');
  if (body.empty() || body == ".") return Invalid("has no digits");
  if (dot == std::string_view::npos) return Invalid("is not a number");
  if (body.find('.', dot + 1) != std::string_view::npos) return Invalid("has more than one '.'");
  if (dot == 0) return Invalid("starts with '.'; write 0.5, not .5");
  if (dot + 1 == body.size()) return Invalid("ends with '.'; write 1 or 1.00, not 1.");
  return Invalid("has more than 2 decimals; amounts are in yuan to the fen (0.01)");
}

}  // namespace

Result<Money> Money::Parse(std::string_view yuan) {
  size_t i = 0;
  const bool negative = !yuan.empty() && yuan[0] == '-';
  if (negative) ++i;

  // Whole yuan: at least one digit, at most 10 significant ones (kMaxYuan).
  const size_t whole_start = i;
  int64_t whole = 0;
  for (; i < yuan.size() && IsDigit(yuan[i]); ++i) {
    if (whole > kMaxYuan) continue;  // keep scanning, report the range below
    whole = whole * 10 + (yuan[i] - '0');
  }
  if (i == whole_start) return Diagnose(yuan);

  int64_t fen = 0;
  if (i < yuan.size()) {
    if (yuan[i] != '.') return Diagnose(yuan);
    const size_t decimals = yuan.size() - i - 1;
    if (decimals < 1 || decimals > 2 || !IsDigit(yuan[i + 1]) ||
        (decimals == 2 && !IsDigit(yuan[i + 2]))) {
      return Diagnose(yuan);
    }
    fen = (yuan[i + 1] - '0') * 10 + (decimals == 2 ? yuan[i + 2] - '0' : 0);
  }
  if (whole > kMaxYuan) {
    return Invalid("is out of range: more than 10 digits before the decimal point");
  }
  const int64_t total = whole * 100 + fen;
  return Money(negative ? -total : total);
}

std::string Money::ToString() const {
  // Magnitude as unsigned so that INT64_MIN fen prints too.
  uint64_t magnitude = fen_ < 0 ? 0 - static_cast<uint64_t>(fen_) : static_cast<uint64_t>(fen_);
  char buf[32];
  char* p = buf + sizeof(buf);
  *--p = static_cast<char>('0' + magnitude % 10);
  magnitude /= 10;
  *--p = static_cast<char>('0' + magnitude % 10);
  magnitude /= 10;
  *--p = '.';
  do {
    *--p = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0);
  if (fen_ < 0) *--p = '-';
  return std::string(p, buf + sizeof(buf) - p);
}

}  // namespace xmatch
