#include "matcher/run/copy_binary.h"

#include <cstring>
#include <stdexcept>

namespace xmatch::matcher {
namespace {

constexpr std::string_view kSignature("PGCOPY\n\377\r\n\0", 11);
constexpr size_t kHeaderSize = 11 + 4 + 4;  // signature, flags, header extension length
// PostgreSQL counts dates from 2000-01-01; Date from 1970-01-01.
constexpr int32_t kPostgresEpochDays = 10957;

uint16_t Be16(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return static_cast<uint16_t>(u[0] << 8 | u[1]);
}
uint32_t Be32(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return uint32_t{u[0]} << 24 | uint32_t{u[1]} << 16 | uint32_t{u[2]} << 8 | uint32_t{u[3]};
}
uint64_t Be64(const char* p) { return uint64_t{Be32(p)} << 32 | Be32(p + 4); }

}  // namespace

std::string BinaryCopyTarget(const std::string& select) {
  return "(" + select + ") TO STDOUT (FORMAT binary) --";
}

Status BinaryCopyRow::Parse(std::string_view message, bool first) {
  fields_.clear();
  at_end_ = false;
  if (first) {
    if (message.size() < kHeaderSize || message.substr(0, kSignature.size()) != kSignature) {
      return Status::Internal("binary COPY: the data does not start with PGCOPY's header");
    }
    const uint32_t extension = Be32(message.data() + 15);
    if (message.size() < kHeaderSize + extension) {
      return Status::Internal("binary COPY: header extension runs past the message");
    }
    message.remove_prefix(kHeaderSize + extension);
  }
  if (message.size() < 2) return Status::Internal("binary COPY: a message without a field count");
  const auto count = static_cast<int16_t>(Be16(message.data()));
  if (count == -1) {
    at_end_ = true;
    return Status::Ok();
  }
  size_t at = 2;
  for (int16_t f = 0; f < count; ++f) {
    if (message.size() < at + 4) return Status::Internal("binary COPY: a truncated field");
    const auto length = static_cast<int32_t>(Be32(message.data() + at));
    at += 4;
    if (length < 0) {
      fields_.emplace_back();
      continue;
    }
    if (message.size() < at + static_cast<size_t>(length)) {
      return Status::Internal("binary COPY: a field runs past its message");
    }
    // A zero-length non-NULL field (an empty text) must not look NULL.
    fields_.emplace_back(length == 0 ? "" : message.data() + at, static_cast<size_t>(length));
    at += static_cast<size_t>(length);
  }
  return Status::Ok();
}

std::string_view BinaryCopyRow::Sized(size_t i, size_t bytes) const {
  if (fields_[i].size() != bytes || IsNull(i)) {
    throw std::logic_error("binary COPY: field " + std::to_string(i) + " has " +
                           std::to_string(fields_[i].size()) + " bytes, read as " +
                           std::to_string(bytes));
  }
  return fields_[i];
}

int64_t BinaryCopyRow::Int8(size_t i) const {
  return static_cast<int64_t>(Be64(Sized(i, 8).data()));
}

int32_t BinaryCopyRow::Int4(size_t i) const {
  return static_cast<int32_t>(Be32(Sized(i, 4).data()));
}

Date BinaryCopyRow::DateAt(size_t i) const {
  return Date::FromDays(static_cast<int32_t>(Be32(Sized(i, 4).data())) + kPostgresEpochDays);
}

// numeric's binary form: ndigits, weight, sign, dscale (16 bits each), then ndigits
// base-10000 digits, the first worth 10000^weight.
Result<Money> BinaryCopyRow::MoneyAt(size_t i) const {
  const std::string_view f = fields_[i];
  if (IsNull(i) || f.size() < 8) throw std::logic_error("binary COPY: field is not a numeric");
  const int ndigits = Be16(f.data());
  const auto weight = static_cast<int16_t>(Be16(f.data() + 2));
  const uint16_t sign = Be16(f.data() + 4);
  if (f.size() != 8 + 2 * static_cast<size_t>(ndigits)) {
    throw std::logic_error("binary COPY: numeric of the wrong size");
  }
  if (sign != 0x0000 && sign != 0x4000) return Status::Internal("amount is not a number");
  // In ten-thousandths of a yuan: fits int64 for anything Money holds.
  int64_t units = 0;
  for (int d = 0; d < ndigits; ++d) {
    const int exponent = weight - d;  // this digit is worth 10000^exponent
    const int64_t digit = Be16(f.data() + 8 + 2 * d);
    if (exponent < -1) {
      if (digit != 0) return Status::Internal("amount has more than two decimals");
      continue;
    }
    if (exponent > 2) return Status::Internal("amount is out of range");
    int64_t value = digit;
    for (int e = -1; e < exponent; ++e) value *= 10000;
    units += value;
  }
  if (units % 100 != 0) return Status::Internal("amount has more than two decimals");
  const int64_t fen = units / 100;
  if (fen > Money::kMaxYuan * 100) return Status::Internal("amount is out of range");
  return Money::FromFen(sign == 0x4000 ? -fen : fen);
}

}  // namespace xmatch::matcher
