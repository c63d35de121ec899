#include "common/resident_id.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace xmatch {
namespace {

using ::testing::HasSubstr;

std::string Canonical(std::string_view text) {
  Result<ResidentId> id = ResidentId::Parse(text);
  EXPECT_TRUE(id.ok()) << id.status().ToString();
  return id.ok() ? id->str() : "";
}

// Parses an ASCII `text` that must be rejected; returns the message after checking that
// no 4 consecutive characters of the number appear in it.
std::string Rejection(std::string_view text) {
  Result<ResidentId> id = ResidentId::Parse(text);
  EXPECT_FALSE(id.ok()) << "should be rejected: " << text;
  EXPECT_EQ(id.status().code(), Status::Code::kInvalidArgument);
  const std::string& msg = id.status().message();
  for (size_t i = 0; i + 4 <= text.size(); ++i) {
    EXPECT_THAT(msg, ::testing::Not(HasSubstr(std::string(text.substr(i, 4)))))
        << "the message repeats part of the number";
  }
  return msg;
}

TEST(ResidentId, AcceptsTheStandardsTestVectors) {
  EXPECT_EQ(Canonical("11010519491231002X"), "11010519491231002X");
  EXPECT_EQ(Canonical("440524188001010014"), "440524188001010014");
}

TEST(ResidentId, FifteenDigitsBecomeEighteen) {
  EXPECT_EQ(Canonical("110105491231002"), "11010519491231002X");
}

TEST(ResidentId, LowercaseXMeansX) {
  EXPECT_EQ(Canonical("11010519491231002x"), "11010519491231002X");
}

TEST(ResidentId, FullWidthDigitsAndXAreNormalized) {
  EXPECT_EQ(Canonical("１１０１０５１９４９１２３１００２Ｘ"), "11010519491231002X");
  EXPECT_EQ(Canonical("１１０１０５１９４９１２３１００２ｘ"), "11010519491231002X");
  EXPECT_EQ(Canonical("１１０１０５４９１２３１００２"), "11010519491231002X");
  EXPECT_EQ(Canonical("110105１９４９1231002X"), "11010519491231002X");
}

TEST(ResidentId, SurroundingSpacesAreTrimmed) {
  EXPECT_EQ(Canonical("  11010519491231002X\t"), "11010519491231002X");
  const std::string ideographic_space = "\u3000";
  EXPECT_EQ(
      Canonical(ideographic_space + "11010519491231002X" + ideographic_space + ideographic_space),
      "11010519491231002X");
  EXPECT_EQ(Canonical(" " + ideographic_space + " 440524188001010014 "), "440524188001010014");
}

TEST(ResidentId, ExposesAddressCodeAndBirthDate) {
  const ResidentId id = *ResidentId::Parse("11010519491231002X");
  EXPECT_EQ(id.address_code(), "110105");
  EXPECT_EQ(id.birth_date().ToString(), "1949-12-31");
  EXPECT_EQ(ResidentId::Parse("440524188001010014")->birth_date().ToString(), "1880-01-01");
}

TEST(ResidentId, SpellingsOfOneNumberAreEqual) {
  EXPECT_EQ(*ResidentId::Parse("110105491231002"), *ResidentId::Parse("11010519491231002x"));
  EXPECT_FALSE(*ResidentId::Parse("11010519491231002X") ==
               *ResidentId::Parse("440524188001010014"));
}

TEST(ResidentId, CheckCharacterIsIso7064Mod11_2) {
  EXPECT_EQ(ResidentIdCheckCharacter("11010519491231002"), 'X');
  EXPECT_EQ(ResidentIdCheckCharacter("44052418800101001"), '4');
  EXPECT_EQ(ResidentIdCheckCharacter("11010518000101001"), '0');
  EXPECT_EQ(ResidentIdCheckCharacter("31011519800101233"), '7');
}

TEST(ResidentId, RejectsAWrongCheckCharacter) {
  EXPECT_THAT(Rejection("110105194912310021"), HasSubstr("check character does not match"));
  EXPECT_THAT(Rejection("440524188001010015"), HasSubstr("check character does not match"));
  // Two adjacent digits swapped.
  EXPECT_THAT(Rejection("11010519491213002X"), HasSubstr("check character does not match"));
}

TEST(ResidentId, RejectsOtherLengths) {
  EXPECT_THAT(Rejection("11010519491231002"), HasSubstr("must be 18 characters (or 15 for a "
                                                        "legacy number), got 17"));
  EXPECT_THAT(Rejection("11010519491231002X1"), HasSubstr("got 19"));
  EXPECT_THAT(Rejection("1101054912310021"), HasSubstr("got 16"));
  EXPECT_THAT(Rejection(""), HasSubstr("got 0"));
  EXPECT_THAT(Rejection(" \t "), HasSubstr("got 0"));
}

TEST(ResidentId, RejectsCharactersOtherThanDigitsAndX) {
  EXPECT_THAT(Rejection("11010519491231002Y"), HasSubstr("character 18 is not a digit or X"));
  EXPECT_THAT(Rejection("110105 19491231002X"), HasSubstr("character 7 is not a digit or X"));
  EXPECT_THAT(Rejection("1.10105E+17"), HasSubstr("character 2 is not a digit or X"));
  // Counted in characters, not bytes: the 3-byte full-width digits count once.
  EXPECT_THAT(ResidentId::Parse("１１０１０５-19491231002X").status().message(),
              HasSubstr("character 7 is not"));
}

TEST(ResidentId, XIsOnlyTheCheckCharacter) {
  EXPECT_THAT(Rejection("1101051949123100X2"), HasSubstr("X at character 17"));
  EXPECT_THAT(Rejection("11010549123100X"), HasSubstr("X may only be the 18th"));
}

TEST(ResidentId, RejectsAddressCodesWithoutAProvince) {
  // Both have a correct check character; only the address code is wrong.
  EXPECT_THAT(Rejection("010105194912310026"), HasSubstr("province code"));
  EXPECT_THAT(Rejection("190105194912310024"), HasSubstr("province code"));
}

TEST(ResidentId, AcceptsResidencePermitCode83) {
  EXPECT_EQ(Canonical("830000199001010012"), "830000199001010012");
}

TEST(ResidentId, BirthDateMustBeACalendarDayFrom1800) {
  EXPECT_EQ(Canonical("110105180001010010"), "110105180001010010");
  EXPECT_EQ(Canonical("110105200002290013"), "110105200002290013");  // 2000 was leap
  EXPECT_THAT(Rejection("110105179912310016"), HasSubstr("birth year"));
  EXPECT_THAT(Rejection("110105220001010014"), HasSubstr("birth year"));
  EXPECT_THAT(Rejection("110105190002290017"),  // 1900 was not leap
              HasSubstr("birth date (characters 7-14) is not a calendar day"));
  EXPECT_THAT(Rejection("110105202302290014"), HasSubstr("is not a calendar day"));
  EXPECT_THAT(Rejection("110105491331002"),
              HasSubstr("birth date (characters 7-12) is not a calendar day"));
}

}  // namespace
}  // namespace xmatch
