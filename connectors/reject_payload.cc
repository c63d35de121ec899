#include "connectors/reject_payload.h"

#include "common/logging.h"
#include "common/resident_id.h"
#include "common/utf8.h"

namespace xmatch::connectors {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool IsControl(char c) {
  return static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n';
}

std::string ToStorableText(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const size_t n = IsControl(s[i]) ? 0 : Utf8SequenceLength(s, i);
    if (n == 0) {
      out.append(kReplacement);
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

}  // namespace

std::string RejectPayload(const std::vector<JsonMember>& members, const TokenKeyring& keyring) {
  std::string out = "{";
  for (const JsonMember& m : members) {
    if (out.size() > 1) out += ',';
    if (m.key == "id_number") {
      Result<ResidentId> id = m.type == JsonType::kString ? ResidentId::Parse(m.text)
                                                          : Status::InvalidArgument("not a string");
      if (id.ok()) {
        out += "\"id_token\":\"" + keyring.Tokenize(*id) +
               "\",\"key_version\":" + std::to_string(keyring.current_version());
      } else {
        out += "\"id_number\":\"[invalid ID redacted]\"";
      }
      continue;
    }
    AppendJsonString(m.key, &out);
    out += ':';
    // Strings re-escaped from their unescaped text, so an ID written with \u escapes
    // is plain digits by the time RedactIdNumbers looks at it.
    if (m.type == JsonType::kString) {
      AppendJsonString(m.text, &out);
    } else {
      out += m.raw;
    }
  }
  out += '}';
  return StorableRejectText(out);
}

std::string StorableRejectText(std::string_view text) {
  return ToStorableText(RedactIdNumbers(text));
}

}  // namespace xmatch::connectors
