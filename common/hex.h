// Lowercase hex encoding of bytes, and SHA-256 / random tokens as hex: ID tokens
// (token.h), and what the review server stores for session tokens, password salts and
// the audit chain.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace xmatch {

std::string HexEncode(const std::vector<unsigned char>& bytes);
std::string HexEncode(std::string_view bytes);
// 0-15 for a hex digit (either case), else -1.
int HexDigitValue(char c);
// nullopt unless `hex` has an even number of hex digits (either case).
std::optional<std::vector<unsigned char>> HexDecode(std::string_view hex);

// Lowercase hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

// `bytes` bytes from OpenSSL's CSPRNG as lowercase hex; Internal if OpenSSL fails.
Result<std::string> RandomHex(size_t bytes);

}  // namespace xmatch
