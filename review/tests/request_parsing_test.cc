#include "review/request_parsing.h"

#include <gtest/gtest.h>

namespace xmatch::review {
namespace {

TEST(PercentDecode, DecodesEscapesAndPlusOnlyInQueries) {
  EXPECT_EQ(PercentDecode("a%20b+c", false), "a b+c");
  EXPECT_EQ(PercentDecode("a%20b+c", true), "a b c");
  EXPECT_EQ(PercentDecode("%E5%A4%A7%E8%90%A5", true), "大营");
}

TEST(PercentDecode, RejectsMalformedEscapesAndNul) {
  EXPECT_FALSE(PercentDecode("%G1", true));
  EXPECT_FALSE(PercentDecode("abc%", true));
  EXPECT_FALSE(PercentDecode("abc%4", true));
  EXPECT_FALSE(PercentDecode("a%00b", true));
}

TEST(ParseRequestTarget, SplitsPathAndQuery) {
  auto target = ParseRequestTarget("/api/clues?status=new%2Cverifying&page=2&rule=");
  ASSERT_TRUE(target);
  EXPECT_EQ(target->path, "/api/clues");
  EXPECT_EQ(target->query.at("status"), "new,verifying");
  EXPECT_EQ(target->query.at("page"), "2");
  EXPECT_EQ(target->query.at("rule"), "");
}

TEST(ParseRequestTarget, LastRepeatedParameterWins) {
  auto target = ParseRequestTarget("/x?page=1&page=3");
  ASSERT_TRUE(target);
  EXPECT_EQ(target->query.at("page"), "3");
}

TEST(ParseRequestTarget, RefusesBadTargets) {
  EXPECT_FALSE(ParseRequestTarget("api/clues"));
  EXPECT_FALSE(ParseRequestTarget(""));
  EXPECT_FALSE(ParseRequestTarget("/a/../etc/passwd"));
  EXPECT_FALSE(ParseRequestTarget("/a/%2E%2E/b"));
  EXPECT_FALSE(ParseRequestTarget("/x?q=%zz"));
}

TEST(ParseCookies, ReadsPairsAndSkipsJunk) {
  auto cookies = ParseCookies("theme=dark; xm_session=abc123 ;junk; =x; quoted=\"v\"");
  EXPECT_EQ(cookies.at("xm_session"), "abc123");
  EXPECT_EQ(cookies.at("theme"), "dark");
  EXPECT_EQ(cookies.at("quoted"), "v");
  EXPECT_EQ(cookies.count("junk"), 0u);
  EXPECT_EQ(cookies.size(), 3u);
}

TEST(ParseCookies, FirstOfARepeatedNameWins) {
  EXPECT_EQ(ParseCookies("xm_session=first; xm_session=second").at("xm_session"), "first");
}

}  // namespace
}  // namespace xmatch::review
