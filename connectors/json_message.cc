#include "connectors/json_message.h"

#include <algorithm>
#include <deque>
#include <string>

#include <simdjson.h>

namespace xmatch::connectors {
namespace {

namespace od = simdjson::ondemand;

// The JSON number grammar (RFC 8259 §6), for numbers the on-demand parser cannot hold:
// integers beyond 64 bits, exponents beyond a double.
bool IsJsonNumber(std::string_view s) {
  size_t i = 0;
  const auto digits = [&] {
    const size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i > start;
  };
  if (i < s.size() && s[i] == '-') ++i;
  if (i < s.size() && s[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == s.size();
}

std::string_view TrimJsonSpace(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' ||
                        s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace

struct JsonMessageReader::Impl {
  od::parser parser;
  simdjson::dom::parser nested_parser;  // validates nested objects and arrays
  std::string buffer;                   // the message followed by SIMDJSON_PADDING bytes
  std::deque<std::string> nested_text;  // re-serialized nested values (stable addresses)

  Status Bad(std::string_view what, simdjson::error_code error, od::document& doc) {
    std::string msg = "not valid JSON";
    const char* at = nullptr;
    if (doc.current_location().get(at) == simdjson::SUCCESS) {
      msg += " at byte " + std::to_string(at - buffer.data());
    }
    msg += ": ";
    msg += what;
    if (error != simdjson::SUCCESS) {
      msg += " (";
      msg += simdjson::error_message(error);
      msg += ")";
    }
    return Status::InvalidArgument(msg);
  }

  Status ReadValue(od::value value, JsonMember* m, od::document& doc) {
    od::json_type type;
    if (auto e = value.type().get(type)) return Bad("a value is malformed", e, doc);
    switch (type) {
      case od::json_type::string:
        m->type = JsonType::kString;
        m->raw = TrimJsonSpace(value.raw_json_token());
        if (auto e = value.get_string().get(m->text)) return Bad("a string is malformed", e, doc);
        return Status::Ok();
      case od::json_type::number: {
        m->raw = TrimJsonSpace(value.raw_json_token());
        od::number number;
        if (auto e = value.get_number().get(number)) {
          if (e != simdjson::NUMBER_ERROR || !IsJsonNumber(m->raw)) {
            return Bad("a number is malformed", e, doc);
          }
          m->type = JsonType::kNumber;
          return Status::Ok();
        }
        m->type = number.is_int64() ? JsonType::kInteger : JsonType::kNumber;
        if (number.is_int64()) m->integer = number.get_int64();
        return Status::Ok();
      }
      case od::json_type::boolean: {
        m->type = JsonType::kBool;
        m->raw = TrimJsonSpace(value.raw_json_token());
        bool b;
        if (auto e = value.get_bool().get(b)) return Bad("true/false is malformed", e, doc);
        return Status::Ok();
      }
      case od::json_type::null: {
        m->type = JsonType::kNull;
        m->raw = TrimJsonSpace(value.raw_json_token());
        bool is_null = false;
        if (auto e = value.is_null().get(is_null); e || !is_null) {
          return Bad("null is malformed", e, doc);
        }
        return Status::Ok();
      }
      case od::json_type::object: {
        m->type = JsonType::kObject;
        od::object object;
        if (auto e = value.get_object().get(object)) return Bad("an object is malformed", e, doc);
        if (auto e = object.raw_json().get(m->raw)) return Bad("an object is malformed", e, doc);
        return ValidateNested(m, doc);
      }
      case od::json_type::array: {
        m->type = JsonType::kArray;
        od::array array;
        if (auto e = value.get_array().get(array)) return Bad("an array is malformed", e, doc);
        if (auto e = array.raw_json().get(m->raw)) return Bad("an array is malformed", e, doc);
        return ValidateNested(m, doc);
      }
    }
    return Bad("a value has an unknown type", simdjson::SUCCESS, doc);
  }

  // The on-demand parser skips nested containers without looking at their scalars: the
  // DOM parser checks them fully, and its serialization leaves no \u escapes that could
  // hide an ID number from redaction. Rare: only optional fields an agreement allows nest.
  Status ValidateNested(JsonMember* m, od::document& doc) {
    simdjson::dom::element element;
    if (auto e = nested_parser.parse(m->raw.data(), m->raw.size(), true).get(element)) {
      return Bad("the value of a member is malformed", e, doc);
    }
    m->raw = nested_text.emplace_back(simdjson::minify(element));
    return Status::Ok();
  }
};

JsonMessageReader::JsonMessageReader() : impl_(std::make_unique<Impl>()) {}
JsonMessageReader::~JsonMessageReader() = default;

Status JsonMessageReader::Read(std::string_view message, std::vector<JsonMember>* members) {
  members->clear();
  Impl& impl = *impl_;
  impl.nested_text.clear();
  impl.buffer.assign(message);
  impl.buffer.resize(message.size() + simdjson::SIMDJSON_PADDING, '\0');

  od::document doc;
  if (auto e = impl.parser.iterate(impl.buffer.data(), message.size(), impl.buffer.size())
                   .get(doc)) {
    return Status::InvalidArgument(std::string("not valid JSON (") +
                                   simdjson::error_message(e) + ")");
  }
  od::object object;
  if (auto e = doc.get_object().get(object)) {
    if (e == simdjson::INCORRECT_TYPE) {
      return impl.Bad("a message must be one JSON object {...}", simdjson::SUCCESS, doc);
    }
    return impl.Bad("the message is not one well-formed JSON object", e, doc);
  }
  for (auto field_or_error : object) {
    od::field field;
    if (auto e = std::move(field_or_error).get(field)) {
      return impl.Bad("the object is malformed", e, doc);
    }
    JsonMember& m = members->emplace_back();
    if (auto e = field.unescaped_key().get(m.key)) {
      return impl.Bad("a member name is malformed", e, doc);
    }
    XM_RETURN_IF_ERROR(impl.ReadValue(field.value(), &m, doc));
  }
  // At the end of the input current_location() fails; any token left is trailing text.
  const char* trailing = nullptr;
  if (doc.current_location().get(trailing) == simdjson::SUCCESS) {
    return impl.Bad("text follows the JSON object", simdjson::SUCCESS, doc);
  }

  std::vector<std::string_view> keys;
  keys.reserve(members->size());
  for (const JsonMember& m : *members) keys.push_back(m.key);
  std::sort(keys.begin(), keys.end());
  const auto dup = std::adjacent_find(keys.begin(), keys.end());
  if (dup != keys.end()) {
    std::string msg = "not valid JSON: member \"";
    msg += dup->substr(0, 64);
    msg += "\" appears more than once";
    return Status::InvalidArgument(msg);
  }
  return Status::Ok();
}

void AppendJsonString(std::string_view text, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(c);
    } else if (u < 0x20) {
      out->append("\\u00");
      out->push_back(kHex[u >> 4]);
      out->push_back(kHex[u & 0xF]);
    } else {
      out->push_back(c);
    }
  }
  out->push_back('"');
}

}  // namespace xmatch::connectors
