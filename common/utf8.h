// UTF-8 well-formedness (RFC 3629: no overlong forms, no surrogates, nothing above
// U+10FFFF), shared by whatever checks or repairs text: the CSV reader, the connectors'
// reject payloads, the review server's JSON writer. Inline: the CSV reader calls it for
// every non-ASCII character of a roll file.
#pragma once

#include <cstddef>
#include <string_view>

namespace xmatch {

// The length (1-4) of the well-formed UTF-8 sequence that starts at text[i], or 0 when
// none does (a stray continuation byte, a bad lead byte, a sequence cut off or
// malformed). `i` must be less than text.size().
inline size_t Utf8SequenceLength(std::string_view text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const auto continues = [&](size_t k, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
    return k < text.size() && byte(k) >= lo && byte(k) <= hi;
  };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return continues(i + 1) ? 2 : 0;
  if (lead >= 0xE0 && lead <= 0xEF) {
    const unsigned char lo = lead == 0xE0 ? 0xA0 : 0x80;
    const unsigned char hi = lead == 0xED ? 0x9F : 0xBF;
    return continues(i + 1, lo, hi) && continues(i + 2) ? 3 : 0;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    const unsigned char lo = lead == 0xF0 ? 0x90 : 0x80;
    const unsigned char hi = lead == 0xF4 ? 0x8F : 0xBF;
    return continues(i + 1, lo, hi) && continues(i + 2) && continues(i + 3) ? 4 : 0;
  }
  return 0;
}

}  // namespace xmatch
