#include "review/json_writer.h"

#include <charconv>

#include "common/utf8.h"

namespace xmatch::review {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

}  // namespace

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_in_container_) out_ += ',';
  first_in_container_ = false;
}

JsonWriter& JsonWriter::Open(char bracket) {
  BeforeValue();
  out_ += bracket;
  first_in_container_ = true;
  return *this;
}

JsonWriter& JsonWriter::Close(char bracket) {
  out_ += bracket;
  first_in_container_ = false;  // the container is the parent's element now
  return *this;
}

JsonWriter& JsonWriter::Key(std::string_view key) {
  if (!first_in_container_) out_ += ',';
  first_in_container_ = false;
  AppendEscaped(key);
  out_ += ':';
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::String(std::string_view text) {
  BeforeValue();
  AppendEscaped(text);
  return *this;
}

JsonWriter& JsonWriter::Int(int64_t value) {
  BeforeValue();
  char digits[24];
  const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
  out_.append(digits, end);
  return *this;
}

JsonWriter& JsonWriter::Bool(bool value) {
  BeforeValue();
  out_ += value ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::Null() {
  BeforeValue();
  out_ += "null";
  return *this;
}

void JsonWriter::AppendEscaped(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out_ += '"';
  size_t plain_from = 0;  // text[plain_from, i) is copied as it is
  size_t i = 0;
  while (i < text.size()) {
    const auto ch = static_cast<unsigned char>(text[i]);
    if (ch >= 0x20 && ch < 0x80 && ch != '"' && ch != '\\') {
      ++i;
      continue;
    }
    if (ch >= 0x80) {
      if (const size_t length = Utf8SequenceLength(text, i); length > 0) {
        i += length;
        continue;
      }
    }
    out_.append(text.data() + plain_from, i - plain_from);
    switch (ch) {
      case '"': out_ += "\\\""; break;
      case '\\': out_ += "\\\\"; break;
      case '\n': out_ += "\\n"; break;
      case '\r': out_ += "\\r"; break;
      case '\t': out_ += "\\t"; break;
      case '\b': out_ += "\\b"; break;
      case '\f': out_ += "\\f"; break;
      default:
        if (ch < 0x20) {
          out_ += "\\u00";
          out_ += kHex[ch >> 4];
          out_ += kHex[ch & 0xF];
        } else {
          out_ += kReplacement;  // a byte that starts no well-formed UTF-8 sequence
        }
    }
    plain_from = ++i;
  }
  out_.append(text.data() + plain_from, text.size() - plain_from);
  out_ += '"';
}

}  // namespace xmatch::review
