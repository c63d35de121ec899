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
  // Parses yuan as decimal text: "650", "650.5", "650.50", "-3.20", "0.05".
  // Errors (InvalidArgument, message says which rule): empty, more than 2 decimals,
  // exponents, signs other than one leading '-', spaces, "1,000", "NaN", overflow.
  static Result<Money> Parse(std::string_view yuan);

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
