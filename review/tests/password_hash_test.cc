#include "review/password_hash.h"

#include <gtest/gtest.h>

namespace xmatch::review {
namespace {

// Tests use a small work factor: the parameters travel in the stored string.
const ScryptParams kFast{10, 8, 1};

TEST(PasswordHash, VerifiesTheRightPasswordOnly) {
  Result<std::string> hash = HashPassword("correct horse battery", kFast);
  ASSERT_TRUE(hash.ok()) << hash.status().ToString();
  EXPECT_TRUE(VerifyPassword("correct horse battery", *hash));
  EXPECT_FALSE(VerifyPassword("correct horse batterY", *hash));
  EXPECT_FALSE(VerifyPassword("", *hash));
}

TEST(PasswordHash, StoresParametersAndASaltThatDiffersEachTime) {
  Result<std::string> a = HashPassword("same password", kFast);
  Result<std::string> b = HashPassword("same password", kFast);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->rfind("scrypt$10$8$1$", 0), 0u) << *a;
  EXPECT_NE(*a, *b);
  EXPECT_TRUE(VerifyPassword("same password", *b));
}

TEST(PasswordHash, DefaultWorkFactorIsTwoToTheFifteen) {
  Result<std::string> hash = HashPassword("the default");
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->rfind("scrypt$15$8$1$", 0), 0u) << *hash;
  EXPECT_TRUE(VerifyPassword("the default", *hash));
}

TEST(PasswordHash, MalformedOrAbusiveStoredStringsNeverVerify) {
  Result<std::string> hash = HashPassword("pw", kFast);
  ASSERT_TRUE(hash.ok());
  std::string tampered = *hash;
  tampered.back() = tampered.back() == '0' ? '1' : '0';
  EXPECT_FALSE(VerifyPassword("pw", tampered));
  EXPECT_FALSE(VerifyPassword("pw", ""));
  EXPECT_FALSE(VerifyPassword("pw", "plain:pw"));
  EXPECT_FALSE(VerifyPassword("pw", "scrypt$10$8$1$zz$00"));
  // N = 2^40 would ask for terabytes: refused before any work.
  EXPECT_FALSE(VerifyPassword("pw", "scrypt$40$8$1$00$00"));
}

}  // namespace
}  // namespace xmatch::review
