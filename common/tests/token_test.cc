#include "common/token.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>
#include <vector>

namespace xmatch {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The bytes 00 01 02 ... 1f.
constexpr std::string_view kKeyHex =
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

std::string Bytes(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s.push_back(static_cast<char>(i));
  return s;
}

ResidentId Id(std::string_view text) { return *ResidentId::Parse(text); }

// A fresh directory for key files, removed after the test.
class TokenKeyFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("token_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, std::string_view content) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  // Loading must fail; the message must name the version and file but not the key text.
  std::string LoadError(int version, const std::string& path, std::string_view key_text) {
    Result<TokenKeyring> keyring = TokenKeyring::Load({{version, path}});
    EXPECT_FALSE(keyring.ok());
    const std::string& msg = keyring.status().message();
    EXPECT_THAT(msg, HasSubstr("token key version " + std::to_string(version)));
    EXPECT_THAT(msg, HasSubstr(path));
    if (key_text.size() >= 8) {
      EXPECT_THAT(msg, Not(HasSubstr(std::string(key_text.substr(0, 8)))));
    }
    return msg;
  }

  std::filesystem::path dir_;
};

// Expected values from the OpenSSL command line, independently of this code:
//   printf %s 11010519491231002X | openssl dgst -sha256 -mac HMAC -macopt hexkey:<kKeyHex>
TEST(Token, MatchesOpensslHmacSha256) {
  const TokenKeyring keyring = TokenKeyring::FromSecrets({{1, Bytes(32)}});
  EXPECT_EQ(keyring.Tokenize(Id("11010519491231002X")),
            "a66755453b106dcea0cfa264214ae59ff1e8b067f3e5f3aa8085e1d8757880eb");
  EXPECT_EQ(keyring.Tokenize(Id("440524188001010014")),
            "1cc6ed93e7862a8155ddc02e0c87aedac8706a4290a6affe05a30cc42e3bf146");
}

TEST(Token, KeysLongerThanABlockAreHashedFirst) {
  // hexkey: the bytes 00 01 ... 63 (100 bytes, more than SHA-256's 64-byte block).
  const TokenKeyring keyring = TokenKeyring::FromSecrets({{1, Bytes(100)}});
  EXPECT_EQ(keyring.Tokenize(Id("11010519491231002X")),
            "1e4ef2ac70c400b6ad6e539bf9d2ff648e0f331e1fee4b6ae3842774dabe1c0e");
}

TEST(Token, TokenOfALegacyNumberIsTheTokenOfItsCanonicalForm) {
  const TokenKeyring keyring = TokenKeyring::FromSecrets({{1, Bytes(32)}});
  EXPECT_EQ(keyring.Tokenize(Id("110105491231002")), keyring.Tokenize(Id("11010519491231002x")));
}

TEST(Token, NewTokensUseTheHighestVersion) {
  const TokenKeyring keyring =
      TokenKeyring::FromSecrets({{1, Bytes(32)}, {3, std::string(32, 'k')}, {2, Bytes(40)}});
  EXPECT_EQ(keyring.current_version(), 3);
  EXPECT_EQ(keyring.versions(), (std::vector<int>{1, 2, 3}));
  const ResidentId id = Id("11010519491231002X");
  EXPECT_EQ(keyring.Tokenize(id), *keyring.Tokenize(id, 3));
  EXPECT_NE(*keyring.Tokenize(id, 1), *keyring.Tokenize(id, 2));
  EXPECT_EQ(*keyring.Tokenize(id, 1),
            "a66755453b106dcea0cfa264214ae59ff1e8b067f3e5f3aa8085e1d8757880eb");
}

TEST(Token, UnknownVersionIsNotFound) {
  const TokenKeyring keyring = TokenKeyring::FromSecrets({{1, Bytes(32)}});
  EXPECT_TRUE(keyring.has_version(1));
  EXPECT_FALSE(keyring.has_version(2));
  Result<IdToken> token = keyring.Tokenize(Id("11010519491231002X"), 2);
  ASSERT_FALSE(token.ok());
  EXPECT_EQ(token.status().code(), Status::Code::kNotFound);
  EXPECT_THAT(token.status().message(), HasSubstr("token key version 2 is not loaded"));
}

TEST(Token, EmptyKeyringCannotTokenize) {
  const TokenKeyring keyring;
  EXPECT_TRUE(keyring.empty());
  EXPECT_THROW(keyring.Tokenize(Id("11010519491231002X")), std::logic_error);
}

TEST(Token, CopiesAndThreadsAgree) {
  const TokenKeyring keyring = TokenKeyring::FromSecrets({{1, Bytes(32)}});
  const TokenKeyring copy = keyring;  // NOLINT: the copy is the point
  const IdToken expected = keyring.Tokenize(Id("11010519491231002X"));
  std::vector<IdToken> results(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      const ResidentId id = Id("11010519491231002X");
      for (int i = 0; i < 2000; ++i) results[t] = (t % 2 ? copy : keyring).Tokenize(id);
    });
  }
  for (std::thread& t : threads) t.join();
  for (const IdToken& r : results) EXPECT_EQ(r, expected);
}

TEST(Token, Key64IsTheFirstEightDigestBytesBigEndian) {
  const std::string token = "a66755453b106dcea0cfa264214ae59ff1e8b067f3e5f3aa8085e1d8757880eb";
  EXPECT_EQ(TokenKey64(token), 0xa66755453b106dceULL);
  EXPECT_EQ(TokenKey64("A66755453B106DCE" + token.substr(16)), 0xa66755453b106dceULL);
  EXPECT_EQ(TokenKey64(std::string(64, '0')), 0u);
  EXPECT_EQ(TokenKey64(std::string(64, 'f')), ~uint64_t{0});
}

TEST(Token, LooksLikeTokenMeans64HexCharacters) {
  const std::string token = "a66755453b106dcea0cfa264214ae59ff1e8b067f3e5f3aa8085e1d8757880eb";
  EXPECT_TRUE(LooksLikeToken(token));
  EXPECT_TRUE(LooksLikeToken("A66755453B106DCEA0CFA264214AE59FF1E8B067F3E5F3AA8085E1D8757880EB"));
  EXPECT_FALSE(LooksLikeToken(token.substr(1)));
  EXPECT_FALSE(LooksLikeToken(token + "0"));
  EXPECT_FALSE(LooksLikeToken("g" + token.substr(1)));
  EXPECT_FALSE(LooksLikeToken(""));
  EXPECT_FALSE(LooksLikeToken("11010519491231002X"));
}

TEST_F(TokenKeyFiles, LoadsHexKeyFilesIgnoringSurroundingWhitespace) {
  const std::string upper = "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F";
  Result<TokenKeyring> keyring = TokenKeyring::Load({
      {1, Write("k1", "  " + std::string(kKeyHex) + "\n")},
      {2, Write("k2", upper + "\r\n")},
  });
  ASSERT_TRUE(keyring.ok()) << keyring.status().ToString();
  const ResidentId id = Id("11010519491231002X");
  EXPECT_EQ(keyring->current_version(), 2);
  EXPECT_EQ(*keyring->Tokenize(id, 1),
            "a66755453b106dcea0cfa264214ae59ff1e8b067f3e5f3aa8085e1d8757880eb");
  EXPECT_EQ(*keyring->Tokenize(id, 2), *keyring->Tokenize(id, 1));
}

TEST_F(TokenKeyFiles, NoFilesGiveAnEmptyKeyring) {
  Result<TokenKeyring> keyring = TokenKeyring::Load({});
  ASSERT_TRUE(keyring.ok());
  EXPECT_TRUE(keyring->empty());
}

TEST_F(TokenKeyFiles, MissingFileIsNotFound) {
  const std::string path = (dir_ / "absent").string();
  Result<TokenKeyring> keyring = TokenKeyring::Load({{1, Write("k1", kKeyHex)}, {2, path}});
  ASSERT_FALSE(keyring.ok());
  EXPECT_EQ(keyring.status().code(), Status::Code::kNotFound);
  EXPECT_THAT(LoadError(2, path, ""), HasSubstr("No such file"));
}

TEST_F(TokenKeyFiles, KeyShorterThan32BytesIsRefused) {
  const std::string short_key(kKeyHex.substr(0, 62));
  EXPECT_THAT(LoadError(1, Write("k1", short_key), short_key),
              HasSubstr("the key is 31 bytes; at least 32 are needed"));
  EXPECT_THAT(LoadError(1, Write("k2", "\n"), ""), HasSubstr("the key is 0 bytes"));
}

TEST_F(TokenKeyFiles, NonHexKeyIsRefusedWithoutQuotingIt) {
  const std::string key =
      std::string(kKeyHex.substr(0, 40)) + "zz" + std::string(kKeyHex.substr(42));
  EXPECT_THAT(LoadError(1, Write("k1", key), key),
              HasSubstr("character 41 of the key is not a hex"));
  const std::string spaced =
      std::string(kKeyHex.substr(0, 32)) + " " + std::string(kKeyHex.substr(32));
  EXPECT_THAT(LoadError(1, Write("k2", spaced), spaced), HasSubstr("character 33"));
}

TEST_F(TokenKeyFiles, OddNumberOfHexDigitsIsRefused) {
  const std::string key = std::string(kKeyHex) + "a";
  EXPECT_THAT(LoadError(1, Write("k1", key), key), HasSubstr("odd number of hex digits"));
}

TEST_F(TokenKeyFiles, OversizedFileIsNotAKeyFile) {
  const std::string big(5000, 'a');
  EXPECT_THAT(LoadError(1, Write("k1", big), big), HasSubstr("not a key file"));
}

TEST_F(TokenKeyFiles, VersionsStartAtOne) {
  const std::string path = Write("k0", kKeyHex);
  EXPECT_THAT(LoadError(0, path, kKeyHex), HasSubstr("numbered from 1"));
}

}  // namespace
}  // namespace xmatch
