// Resident identity numbers (GB 11643-1999) and their normalization.
//
// A ResidentId always holds a canonical, valid 18-character number: 17 ASCII digits and
// a check character in [0-9X]. Parse() is the only way to make one. Personal data: never
// log a ResidentId or the text it came from (the logging module redacts them anyway).
#pragma once

#include <string>
#include <string_view>

#include "common/date.h"
#include "common/result.h"

namespace xmatch {

class ResidentId {
 public:
  // Normalizes, then validates:
  //  - trims surrounding ASCII spaces/tabs and full-width spaces (U+3000);
  //  - maps full-width digits (U+FF10..U+FF19) and Ｘ/ｘ (U+FF38/U+FF58) to ASCII, x to X;
  //  - a 15-digit legacy number becomes 18 digits ("19" inserted after the address code,
  //    check character computed);
  //  - checks the shape (18 characters, digits, last may be X), the address code (starts
  //    with a GB/T 2260 province code: 11-15, 21-23, 31-37, 41-46, 50-54, 61-65, 71, or
  //    81-83 as used on residence permits), the birth date (real calendar day in years
  //    1800..2199; later-than-today is not checked), and the ISO 7064 MOD 11-2 check
  //    character.
  // On failure returns InvalidArgument naming the rule, e.g.
  //   "resident ID check character does not match the first 17 digits (ISO 7064 MOD 11-2)",
  //   "resident ID birth date (characters 7-14) is not a calendar day",
  //   "resident ID must be 18 characters (or 15 for a legacy number), got 17".
  // The message never contains the number or any part of it: only rule, length and
  // character positions.
  static Result<ResidentId> Parse(std::string_view text);

  const std::string& str() const { return canonical_; }  // 18 ASCII characters
  std::string_view address_code() const { return std::string_view(canonical_).substr(0, 6); }
  Date birth_date() const;

  friend bool operator==(const ResidentId&, const ResidentId&) = default;

 private:
  explicit ResidentId(std::string canonical) : canonical_(std::move(canonical)) {}
  std::string canonical_;
};

// The ISO 7064 MOD 11-2 check character ('0'-'9' or 'X') for 17 ASCII digits.
char ResidentIdCheckCharacter(std::string_view first17);

}  // namespace xmatch
