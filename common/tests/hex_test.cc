#include "common/hex.h"

#include <gtest/gtest.h>

namespace xmatch {
namespace {

TEST(HexTest, EncodesLowercaseAndDecodesEitherCase) {
  EXPECT_EQ(HexEncode(std::string_view("\x00\x7f\xff\x10", 4)), "007fff10");
  const std::optional<std::vector<unsigned char>> bytes = HexDecode("007FfF10");
  ASSERT_TRUE(bytes.has_value());
  EXPECT_EQ(*bytes, (std::vector<unsigned char>{0x00, 0x7f, 0xff, 0x10}));
  EXPECT_EQ(HexEncode(*bytes), "007fff10");
}

TEST(HexTest, RefusesOddLengthAndNonDigits) {
  EXPECT_FALSE(HexDecode("abc").has_value());
  EXPECT_FALSE(HexDecode("0g").has_value());
  EXPECT_EQ(HexDigitValue('G'), -1);
  EXPECT_EQ(HexDigitValue('F'), 15);
}

TEST(HexTest, Sha256OfAbcIsTheFipsVector) {
  EXPECT_EQ(Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(HexTest, RandomHexHasTwoDigitsPerByteAndDiffers) {
  Result<std::string> a = RandomHex(32), b = RandomHex(32);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->size(), 64u);
  EXPECT_NE(*a, *b);
}

}  // namespace
}  // namespace xmatch
