// Decoding the text parts of an HTTP request the review server needs: the target's path
// and query string (percent-encoding, '+' as space in the query) and the Cookie header.
// Pure functions, used by the HTTP layer before routing and by the unit tests.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace xmatch::review {

// Percent-decodes `text`; `plus_is_space` for query strings. nullopt for a malformed
// escape ("%G1", a trailing "%") or a decoded NUL byte.
std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space);

struct RequestTarget {
  std::string path;                          // decoded
  std::map<std::string, std::string> query;  // decoded; the last of a repeated name wins
};

// Splits "/api/clues?status=new&page=2" into path and query. nullopt when the target
// does not start with '/', or any part is badly encoded, or the path holds a ".."
// segment.
std::optional<RequestTarget> ParseRequestTarget(std::string_view target);

// The cookies of a Cookie header ("a=1; b=2"). Malformed pairs are skipped; the first
// of a repeated name wins (browsers send the most specific path first).
std::map<std::string, std::string> ParseCookies(std::string_view header);

}  // namespace xmatch::review
