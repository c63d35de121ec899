// Password hashing for review users: scrypt from OpenSSL, with the parameters and the
// salt kept in the stored string so that they can be raised later without breaking old
// hashes. Stateless and thread-safe.
//
//   stored form: "scrypt$<log2 N>$<r>$<p>$<salt hex>$<key hex>"
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace xmatch::review {

struct ScryptParams {
  int log2_n = 15;  // N = 2^15: ~32 MiB and ~0.1 s per hash with r = 8
  int r = 8;
  int p = 1;
};

// A fresh random 16-byte salt and a 32-byte key. Internal only if OpenSSL fails.
Result<std::string> HashPassword(std::string_view password, const ScryptParams& params = {});

// True when `password` matches `stored`; the comparison is constant-time. False (never
// an error) for a malformed stored string, so a damaged row cannot log anyone in.
bool VerifyPassword(std::string_view password, std::string_view stored);

}  // namespace xmatch::review
