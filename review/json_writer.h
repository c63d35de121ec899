// JsonWriter: JSON text written straight into a string, for answers large enough that
// building a nlohmann::json tree first costs more than the query behind them (the clue
// queue: 50 items of 13 fields, every request). Owns only its output buffer.
//
// The caller's calls must form JSON: a Key() before each value inside an object, none
// inside an array, every Begin matched by its End. Commas are placed here. Strings are
// escaped as RFC 8259 requires; bytes that are not UTF-8 become U+FFFD, as
// nlohmann::json's error_handler_t::replace does, so that a bad byte in the database
// never breaks an answer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace xmatch::review {

class JsonWriter {
 public:
  JsonWriter& BeginObject() { return Open('{'); }
  JsonWriter& EndObject() { return Close('}'); }
  JsonWriter& BeginArray() { return Open('['); }
  JsonWriter& EndArray() { return Close(']'); }
  JsonWriter& Key(std::string_view key);
  JsonWriter& String(std::string_view text);
  JsonWriter& Int(int64_t value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();

  // The text written so far; the writer is left empty.
  std::string Take() { return std::move(out_); }

 private:
  JsonWriter& Open(char bracket);
  JsonWriter& Close(char bracket);
  void BeforeValue();
  void AppendEscaped(std::string_view text);

  std::string out_;
  bool first_in_container_ = true;
  bool after_key_ = false;
};

}  // namespace xmatch::review
