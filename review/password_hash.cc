#include "review/password_hash.h"

#include <charconv>
#include <cstdint>
#include <vector>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "common/hex.h"

namespace xmatch::review {
namespace {

constexpr size_t kSaltBytes = 16;
constexpr size_t kKeyBytes = 32;
// Largest parameters we accept from a stored string: bounds the memory a bad row can ask
// for (128 * r * N bytes).
constexpr int kMaxLog2N = 20;
constexpr int kMaxR = 16;
constexpr int kMaxP = 4;

bool DeriveKey(std::string_view password, const std::vector<unsigned char>& salt,
               const ScryptParams& params, std::vector<unsigned char>* key) {
  const uint64_t n = uint64_t{1} << params.log2_n;
  const uint64_t max_mem = 128 * static_cast<uint64_t>(params.r) * n * 2 + (1 << 20);
  return EVP_PBE_scrypt(password.data(), password.size(), salt.data(), salt.size(), n,
                        static_cast<uint64_t>(params.r), static_cast<uint64_t>(params.p),
                        max_mem, key->data(), key->size()) == 1;
}

bool ParseInt(std::string_view text, int* out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size();
}

std::vector<std::string_view> Split(std::string_view text, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t at = text.find(sep); at != std::string_view::npos; at = text.find(sep, start)) {
    parts.push_back(text.substr(start, at - start));
    start = at + 1;
  }
  parts.push_back(text.substr(start));
  return parts;
}

}  // namespace

Result<std::string> HashPassword(std::string_view password, const ScryptParams& params) {
  std::vector<unsigned char> salt(kSaltBytes);
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) {
    return Status::Internal("could not get random bytes for a password salt from OpenSSL");
  }
  std::vector<unsigned char> key(kKeyBytes);
  if (!DeriveKey(password, salt, params, &key)) {
    return Status::Internal("scrypt failed (OpenSSL): check the scrypt parameters");
  }
  return "scrypt$" + std::to_string(params.log2_n) + "$" + std::to_string(params.r) + "$" +
         std::to_string(params.p) + "$" + HexEncode(salt) + "$" + HexEncode(key);
}

bool VerifyPassword(std::string_view password, std::string_view stored) {
  std::vector<std::string_view> parts = Split(stored, '$');
  if (parts.size() != 6 || parts[0] != "scrypt") return false;
  ScryptParams params;
  if (!ParseInt(parts[1], &params.log2_n) || !ParseInt(parts[2], &params.r) ||
      !ParseInt(parts[3], &params.p)) {
    return false;
  }
  if (params.log2_n < 1 || params.log2_n > kMaxLog2N || params.r < 1 || params.r > kMaxR ||
      params.p < 1 || params.p > kMaxP) {
    return false;
  }
  std::optional<std::vector<unsigned char>> salt = HexDecode(parts[4]);
  std::optional<std::vector<unsigned char>> expected = HexDecode(parts[5]);
  if (!salt || !expected || expected->empty()) return false;
  std::vector<unsigned char> key(expected->size());
  if (!DeriveKey(password, *salt, params, &key)) return false;
  return CRYPTO_memcmp(key.data(), expected->data(), key.size()) == 0;
}

}  // namespace xmatch::review
