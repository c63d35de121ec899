#include "connectors/reject_payload.h"

#include "common/logging.h"
#include "common/resident_id.h"

namespace xmatch::connectors {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the well-formed UTF-8 sequence at s[i] (RFC 3629: no overlongs, no
// surrogates, at most U+10FFFF), or 0 when there is none.
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const auto cont = [&](size_t k, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
    return k < s.size() && b(k) >= lo && b(k) <= hi;
  };
  const unsigned char c = b(i);
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(i + 1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    const unsigned char lo = c == 0xE0 ? 0xA0 : 0x80;
    const unsigned char hi = c == 0xED ? 0x9F : 0xBF;
    return cont(i + 1, lo, hi) && cont(i + 2) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    const unsigned char lo = c == 0xF0 ? 0x90 : 0x80;
    const unsigned char hi = c == 0xF4 ? 0x8F : 0xBF;
    return cont(i + 1, lo, hi) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  }
  return 0;
}

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
