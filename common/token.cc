#include "common/token.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "common/hex.h"

namespace xmatch {
namespace {

constexpr size_t kBlockSize = 64;   // SHA-256 block
constexpr size_t kDigestSize = 32;  // SHA-256 output
constexpr size_t kMinKeyBytes = 32;
constexpr size_t kMaxKeyFileBytes = 4096;  // a key file is a line of hex, not a document

struct EvpMdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using EvpMdCtxPtr = std::unique_ptr<EVP_MD_CTX, EvpMdCtxDeleter>;

// OpenSSL failing on in-memory SHA-256 means the process is broken (no memory, no
// default provider): a bug or start-up failure, not an expected error.
void Check(int ok, const char* what) {
  if (ok != 1) throw std::runtime_error(std::string("OpenSSL failed: ") + what);
}

EvpMdCtxPtr NewCtx() {
  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  if (ctx == nullptr) throw std::runtime_error("OpenSSL failed: EVP_MD_CTX_new");
  return ctx;
}

// The per-thread context each MAC is computed in, so that Tokenize allocates no context.
EVP_MD_CTX* ScratchCtx() {
  thread_local EvpMdCtxPtr scratch = NewCtx();
  return scratch.get();
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Reads a whole (small) file into *out. The message names only the path.
Status ReadKeyFile(const std::string& path, std::string* out) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    const int err = errno;
    const std::string msg = "cannot open " + path + ": " + std::strerror(err);
    return err == ENOENT ? Status::NotFound(msg) : Status::IoError(msg);
  }
  char buf[kMaxKeyFileBytes + 1];
  const size_t n = std::fread(buf, 1, sizeof(buf), f);
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  Status status;
  if (failed) {
    status = Status::IoError("cannot read " + path);
  } else if (n > kMaxKeyFileBytes) {
    status = Status::InvalidArgument(path + " is larger than " + std::to_string(kMaxKeyFileBytes) +
                                     " bytes: not a key file");
  } else {
    out->assign(buf, n);
  }
  OPENSSL_cleanse(buf, sizeof(buf));
  return status;
}

// Decodes the hex key in `text` (surrounding whitespace ignored) into *key.
Status DecodeKey(std::string_view text, std::string* key) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  for (size_t i = 0; i < text.size(); ++i) {
    if (HexDigitValue(text[i]) < 0) {
      return Status::InvalidArgument("character " + std::to_string(i + 1) +
                                     " of the key is not a hex digit; the file must hold "
                                     "only hex, e.g. from `openssl rand -hex 32`");
    }
  }
  if (text.size() % 2 != 0) {
    return Status::InvalidArgument("the key has an odd number of hex digits");
  }
  if (text.size() / 2 < kMinKeyBytes) {
    return Status::InvalidArgument("the key is " + std::to_string(text.size() / 2) +
                                   " bytes; at least " + std::to_string(kMinKeyBytes) +
                                   " are needed (make one with `openssl rand -hex 32`)");
  }
  key->resize(text.size() / 2);
  for (size_t i = 0; i < key->size(); ++i) {
    (*key)[i] =
        static_cast<char>(HexDigitValue(text[2 * i]) << 4 | HexDigitValue(text[2 * i + 1]));
  }
  return Status::Ok();
}

}  // namespace

// HMAC (RFC 2104) with the padded key absorbed once: `inner` has hashed key ^ ipad and
// `outer` key ^ opad, so a MAC is two copies of these states plus the message blocks.
// Only read after construction (EVP_MD_CTX_copy_ex does not modify its source), hence
// shareable between threads.
struct TokenKeyring::Key {
  EvpMdCtxPtr inner = NewCtx();
  EvpMdCtxPtr outer = NewCtx();

  explicit Key(std::string_view secret) {
    unsigned char block[kBlockSize] = {};
    if (secret.size() > kBlockSize) {
      Check(EVP_Digest(secret.data(), secret.size(), block, nullptr, EVP_sha256(), nullptr),
            "EVP_Digest");
    } else {
      std::memcpy(block, secret.data(), secret.size());
    }
    unsigned char pad[kBlockSize];
    for (size_t i = 0; i < kBlockSize; ++i) pad[i] = block[i] ^ 0x36;
    Check(EVP_DigestInit_ex(inner.get(), EVP_sha256(), nullptr), "EVP_DigestInit_ex");
    Check(EVP_DigestUpdate(inner.get(), pad, kBlockSize), "EVP_DigestUpdate");
    for (size_t i = 0; i < kBlockSize; ++i) pad[i] = block[i] ^ 0x5c;
    Check(EVP_DigestInit_ex(outer.get(), EVP_sha256(), nullptr), "EVP_DigestInit_ex");
    Check(EVP_DigestUpdate(outer.get(), pad, kBlockSize), "EVP_DigestUpdate");
    OPENSSL_cleanse(block, sizeof(block));
    OPENSSL_cleanse(pad, sizeof(pad));
  }

  IdToken Mac(std::string_view message) const {
    EVP_MD_CTX* ctx = ScratchCtx();
    unsigned char digest[kDigestSize];
    Check(EVP_MD_CTX_copy_ex(ctx, inner.get()), "EVP_MD_CTX_copy_ex");
    Check(EVP_DigestUpdate(ctx, message.data(), message.size()), "EVP_DigestUpdate");
    Check(EVP_DigestFinal_ex(ctx, digest, nullptr), "EVP_DigestFinal_ex");
    Check(EVP_MD_CTX_copy_ex(ctx, outer.get()), "EVP_MD_CTX_copy_ex");
    Check(EVP_DigestUpdate(ctx, digest, kDigestSize), "EVP_DigestUpdate");
    Check(EVP_DigestFinal_ex(ctx, digest, nullptr), "EVP_DigestFinal_ex");

    return HexEncode(std::string_view(reinterpret_cast<const char*>(digest), kDigestSize));
  }
};

uint64_t TokenKey64(std::string_view hex_token) {
  uint64_t key = 0;
  for (size_t i = 0; i < 16; ++i) {
    key = key << 4 | static_cast<uint64_t>(HexDigitValue(hex_token[i]));
  }
  return key;
}

bool LooksLikeToken(std::string_view text) {
  if (text.size() != 2 * kDigestSize) return false;
  for (char c : text) {
    if (HexDigitValue(c) < 0) return false;
  }
  return true;
}

Result<TokenKeyring> TokenKeyring::Load(const std::map<int, std::string>& files_by_version) {
  std::map<int, std::string> secrets;
  Status status;
  for (const auto& [version, path] : files_by_version) {
    const std::string where = "token key version " + std::to_string(version) + " (" + path + ")";
    if (version < 1) {
      status = Status::InvalidArgument(where + ": key versions are numbered from 1");
      break;
    }
    std::string text;
    status = ReadKeyFile(path, &text);
    if (status.ok()) status = DecodeKey(text, &secrets[version]);
    OPENSSL_cleanse(text.data(), text.size());
    if (!status.ok()) {
      status = status.WithContext(where);
      break;
    }
  }
  if (!status.ok()) {
    for (auto& [version, secret] : secrets) OPENSSL_cleanse(secret.data(), secret.size());
    return status;
  }
  return FromSecrets(std::move(secrets));  // cleanses the decoded keys
}

TokenKeyring TokenKeyring::FromSecrets(std::map<int, std::string> secrets_by_version) {
  std::map<int, std::shared_ptr<const Key>> keys;
  for (auto& [version, secret] : secrets_by_version) {
    keys.emplace(version, std::make_shared<const Key>(secret));
    OPENSSL_cleanse(secret.data(), secret.size());
  }
  return TokenKeyring(std::move(keys));
}

int TokenKeyring::current_version() const {
  if (keys_.empty()) throw std::logic_error("TokenKeyring::current_version on an empty keyring");
  return keys_.rbegin()->first;
}

std::vector<int> TokenKeyring::versions() const {
  std::vector<int> versions;
  for (const auto& [version, key] : keys_) versions.push_back(version);
  return versions;
}

IdToken TokenKeyring::Tokenize(const ResidentId& id) const {
  if (keys_.empty()) throw std::logic_error("TokenKeyring::Tokenize on an empty keyring");
  return keys_.rbegin()->second->Mac(id.str());
}

Result<IdToken> TokenKeyring::Tokenize(const ResidentId& id, int version) const {
  const auto it = keys_.find(version);
  if (it == keys_.end()) {
    return Status::NotFound("token key version " + std::to_string(version) +
                            " is not loaded; add it to token_keys in the config file");
  }
  return it->second->Mac(id.str());
}

}  // namespace xmatch
