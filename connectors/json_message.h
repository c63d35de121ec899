// Reads one department message — a single JSON object — into its top-level members,
// keeping each value's text exactly as received. Money is parsed later from that text,
// never through binary floating point.
//
// The whole message is validated as JSON (syntax, UTF-8, nested values too) and member
// names must be unique: a message PostgreSQL's jsonb or a JSON Schema validator would
// read differently from us is refused.
//
// A JsonMessageReader owns its parser buffers: one per thread. The string_views it
// returns point into those buffers and stay valid until the next Read() or destruction.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace xmatch::connectors {

enum class JsonType { kString, kInteger, kNumber, kBool, kNull, kObject, kArray };

// One top-level member of the message object.
struct JsonMember {
  std::string_view key;   // unescaped
  JsonType type;
  // The value's JSON text: scalars exactly as received (strings with quotes and
  // escapes); objects and arrays re-serialized without whitespace or \u escapes.
  std::string_view raw;
  std::string_view text;  // kString: the unescaped string
  int64_t integer = 0;    // kInteger: the value (integers outside int64 are kNumber)
};

class JsonMessageReader {
 public:
  JsonMessageReader();
  ~JsonMessageReader();
  JsonMessageReader(const JsonMessageReader&) = delete;
  JsonMessageReader& operator=(const JsonMessageReader&) = delete;

  // Replaces *members with the members of `message`, in message order. InvalidArgument
  // when `message` is not exactly one valid JSON object with unique member names; the
  // message says what is wrong and at which byte, never quoting the text (it may hold
  // an ID number).
  Status Read(std::string_view message, std::vector<JsonMember>* members);

 private:
  struct Impl;  // simdjson parsers and the padded copy of the message
  std::unique_ptr<Impl> impl_;
};

// Appends `text` to *out as a JSON string literal (quotes, escapes for '"', '\\' and
// control characters; other bytes unchanged).
void AppendJsonString(std::string_view text, std::string* out);

}  // namespace xmatch::connectors
