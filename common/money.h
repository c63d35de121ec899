// Money as an integer count of fen (1 yuan = 100 fen). Never binary floating point:
// amounts are parsed from decimal text and summed exactly.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace xmatch {

class Money {
 public:
  constexpr Money() = default;
  static constexpr Money FromFen(int64_t fen) { return Money(fen); }
  // Parses yuan as decimal text: "650", "650.5", "650.50", "-3.20", "0.05": an optional
  // leading '-', one or more digits, then optionally '.' and one or two digits.
  // Errors (InvalidArgument, message says which rule): empty, more than 2 decimals,
  // exponents, signs other than one leading '-', spaces, "1,000", "NaN", a bare '.'
  // at either end ("1." and ".5": write "1" and "0.5"), and magnitudes above kMaxYuan.
  // Messages never repeat the text (a misplaced column may hold an ID number).
  static Result<Money> Parse(std::string_view yuan);
  // The largest magnitude Parse accepts, in whole yuan (plus .99): 10 digits. Far above
  // any real amount, low enough that a sum of 9 million amounts cannot overflow, and it
  // rejects a 15- or 18-digit ID number that landed in an amount column.
  static constexpr int64_t kMaxYuan = 9'999'999'999;

  constexpr int64_t fen() const { return fen_; }
  std::string ToString() const;  // yuan with exactly 2 decimals: "650.50", "-0.05"

  constexpr Money operator+(Money o) const { return Money(fen_ + o.fen_); }
  constexpr Money& operator+=(Money o) { fen_ += o.fen_; return *this; }
  constexpr Money operator-(Money o) const { return Money(fen_ - o.fen_); }
  friend constexpr auto operator<=>(Money, Money) = default;

 private:
  constexpr explicit Money(int64_t fen) : fen_(fen) {}
  int64_t fen_ = 0;
};

}  // namespace xmatch
