#include "matcher/run/copy_text.h"

#include <gtest/gtest.h>

namespace xmatch::matcher {
namespace {

using Fields = std::vector<std::optional<std::string_view>>;

TEST(CopyText, SplitsOnTabsAndReadsBackslashNAsNull) {
  Fields fields;
  std::deque<std::string> scratch;
  SplitCopyLine("M1\t\\N\t\t2025-03-01", &fields, &scratch);
  ASSERT_EQ(fields.size(), 4u);
  EXPECT_EQ(fields[0], "M1");
  EXPECT_EQ(fields[1], std::nullopt);
  EXPECT_EQ(fields[2], "");  // an empty string is not NULL
  EXPECT_EQ(fields[3], "2025-03-01");
}

TEST(CopyText, DecodesEscapedTabsNewlinesBackslashesAndOctal) {
  Fields fields;
  std::deque<std::string> scratch;
  SplitCopyLine("a\\tb\tline\\nnext\tback\\\\slash\t\\101\\3\tx", &fields, &scratch);
  ASSERT_EQ(fields.size(), 5u);
  EXPECT_EQ(fields[0], "a\tb");
  EXPECT_EQ(fields[1], "line\nnext");
  EXPECT_EQ(fields[2], "back\\slash");
  EXPECT_EQ(fields[3], std::string("A\3"));
  EXPECT_EQ(fields[4], "x");
}

}  // namespace
}  // namespace xmatch::matcher
