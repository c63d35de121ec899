#include "common/resident_id.h"

#include <string>

namespace xmatch {
namespace {

constexpr std::string_view kFullWidthSpace = "\xE3\x80\x80";  // U+3000

constexpr int kMinBirthYear = 1800;  // DOMAIN.md's own test vector is born in 1880
constexpr int kMaxBirthYear = 2199;

Status Invalid(std::string_view rule) {
  return Status::InvalidArgument("resident ID " + std::string(rule));
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string_view Trim(std::string_view s) {
  for (;;) {
    if (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
      s.remove_prefix(1);
    } else if (s.starts_with(kFullWidthSpace)) {
      s.remove_prefix(kFullWidthSpace.size());
    } else {
      break;
    }
  }
  for (;;) {
    if (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
      s.remove_suffix(1);
    } else if (s.ends_with(kFullWidthSpace)) {
      s.remove_suffix(kFullWidthSpace.size());
    } else {
      break;
    }
  }
  return s;
}

// Maps the character at text[*pos] to an ASCII digit or 'X' and advances *pos past it;
// returns 0 for anything else. Full-width forms are U+FF10..U+FF19 (EF BC 90..99),
// U+FF38 Ｘ (EF BC B8) and U+FF58 ｘ (EF BD 98).
char NextCharacter(std::string_view text, size_t* pos) {
  const char c = text[*pos];
  if (IsDigit(c)) {
    ++*pos;
    return c;
  }
  if (c == 'X' || c == 'x') {
    ++*pos;
    return 'X';
  }
  const std::string_view rest = text.substr(*pos);
  if (rest.size() >= 3 && rest[0] == '\xEF') {
    const unsigned char b1 = rest[1], b2 = rest[2];
    if (b1 == 0xBC && b2 >= 0x90 && b2 <= 0x99) {
      *pos += 3;
      return static_cast<char>('0' + (b2 - 0x90));
    }
    if ((b1 == 0xBC && b2 == 0xB8) || (b1 == 0xBD && b2 == 0x98)) {
      *pos += 3;
      return 'X';
    }
  }
  return 0;
}

bool IsProvinceCode(int code) {
  return (code >= 11 && code <= 15) || (code >= 21 && code <= 23) || (code >= 31 && code <= 37) ||
         (code >= 41 && code <= 46) || (code >= 50 && code <= 54) || (code >= 61 && code <= 65) ||
         code == 71 || (code >= 81 && code <= 83);
}

int Digits(const char* p, int n) {
  int v = 0;
  for (int i = 0; i < n; ++i) v = v * 10 + (p[i] - '0');
  return v;
}

}  // namespace

char ResidentIdCheckCharacter(std::string_view first17) {
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kCheck[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return kCheck[sum % 11];
}

Result<ResidentId> ResidentId::Parse(std::string_view text) {
  text = Trim(text);

  // Normalize into ASCII, counting characters (not bytes) for the messages.
  char ascii[18];
  int count = 0;
  int first_x = 0;  // 1-based position of the first X, 0 if none
  for (size_t pos = 0; pos < text.size();) {
    const char c = NextCharacter(text, &pos);
    ++count;
    if (c == 0) {
      return Invalid("character " + std::to_string(count) +
                     " is not a digit or X; an ID number has only digits and a final X");
    }
    if (c == 'X' && first_x == 0) first_x = count;
    if (count <= 18) ascii[count - 1] = c;
  }
  if (count != 18 && count != 15) {
    return Invalid("must be 18 characters (or 15 for a legacy number), got " +
                   std::to_string(count));
  }
  if (first_x != 0 && !(count == 18 && first_x == 18)) {
    return Invalid("has an X at character " + std::to_string(first_x) +
                   "; X may only be the 18th (check) character");
  }

  std::string canonical;
  if (count == 15) {  // GB 11643-1989: YYMMDD birth date of the 1900s, no check character
    canonical.reserve(18);
    canonical.append(ascii, 6).append("19").append(ascii + 6, 9);
    canonical.push_back(ResidentIdCheckCharacter(canonical));
  } else {
    canonical.assign(ascii, 18);
  }

  if (!IsProvinceCode(Digits(canonical.data(), 2))) {
    return Invalid("address code (characters 1-6) does not start with a province code");
  }
  const int year = Digits(canonical.data() + 6, 4);
  const int month = Digits(canonical.data() + 10, 2);
  const int day = Digits(canonical.data() + 12, 2);
  if (year < kMinBirthYear || year > kMaxBirthYear) {
    return Invalid("birth year (characters 7-10) is outside 1800..2199");
  }
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) {
    return Invalid(count == 18 ? "birth date (characters 7-14) is not a calendar day"
                               : "birth date (characters 7-12) is not a calendar day");
  }
  if (count == 18 && ResidentIdCheckCharacter(canonical) != canonical[17]) {
    return Invalid(
        "check character does not match the first 17 digits (ISO 7064 MOD 11-2); "
        "a digit is probably mistyped");
  }
  return ResidentId(std::move(canonical));
}

Date ResidentId::birth_date() const {
  const char* p = canonical_.data() + 6;
  return Date::FromValidYmd(Digits(p, 4), Digits(p + 4, 2), Digits(p + 6, 2));
}

}  // namespace xmatch
