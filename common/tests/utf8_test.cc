#include "common/utf8.h"

#include <gtest/gtest.h>

namespace xmatch {
namespace {

TEST(Utf8Test, WellFormedSequencesHaveTheirLength) {
  EXPECT_EQ(Utf8SequenceLength("a", 0), 1u);
  EXPECT_EQ(Utf8SequenceLength("\xC2\xA9", 0), 2u);          // ©
  EXPECT_EQ(Utf8SequenceLength("陕", 0), 3u);
  EXPECT_EQ(Utf8SequenceLength("\xF0\x9F\x98\x80", 0), 4u);  // U+1F600
  EXPECT_EQ(Utf8SequenceLength("\xF4\x8F\xBF\xBF", 0), 4u);  // U+10FFFF
  EXPECT_EQ(Utf8SequenceLength("x陕", 1), 3u);
}

TEST(Utf8Test, MalformedSequencesHaveNone) {
  EXPECT_EQ(Utf8SequenceLength("\x80", 0), 0u);              // a continuation byte alone
  EXPECT_EQ(Utf8SequenceLength("\xC0\xAF", 0), 0u);          // overlong '/'
  EXPECT_EQ(Utf8SequenceLength("\xE0\x80\xAF", 0), 0u);      // overlong, 3 bytes
  EXPECT_EQ(Utf8SequenceLength("\xED\xA0\x80", 0), 0u);      // a surrogate
  EXPECT_EQ(Utf8SequenceLength("\xF4\x90\x80\x80", 0), 0u);  // above U+10FFFF
  EXPECT_EQ(Utf8SequenceLength("\xF5\x80\x80\x80", 0), 0u);  // no such lead byte
  EXPECT_EQ(Utf8SequenceLength("\xE9\x99", 0), 0u);          // cut off at the end
  EXPECT_EQ(Utf8SequenceLength("\xE9" "a\x95", 0), 0u);       // interrupted
}

}  // namespace
}  // namespace xmatch
