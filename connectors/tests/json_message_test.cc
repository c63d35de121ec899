#include "connectors/json_message.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace xmatch::connectors {
namespace {

std::vector<JsonMember> ReadOk(JsonMessageReader& reader, std::string_view json) {
  std::vector<JsonMember> members;
  Status s = reader.Read(json, &members);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return members;
}

TEST(JsonMessage, MembersKeepTheirOrderAndTextAsReceived) {
  JsonMessageReader reader;
  auto m = ReadOk(reader, R"( {"b": "x\"y" , "a":650.50, "n":null, "t":true, "i":-7 } )");
  ASSERT_EQ(m.size(), 5u);
  EXPECT_EQ(m[0].key, "b");
  EXPECT_EQ(m[0].type, JsonType::kString);
  EXPECT_EQ(m[0].raw, R"("x\"y")");
  EXPECT_EQ(m[0].text, "x\"y");
  EXPECT_EQ(m[1].key, "a");
  EXPECT_EQ(m[1].type, JsonType::kNumber);
  EXPECT_EQ(m[1].raw, "650.50") << "trailing zero kept: never through a double";
  EXPECT_EQ(m[2].type, JsonType::kNull);
  EXPECT_EQ(m[3].type, JsonType::kBool);
  EXPECT_EQ(m[3].raw, "true");
  EXPECT_EQ(m[4].type, JsonType::kInteger);
  EXPECT_EQ(m[4].integer, -7);
}

TEST(JsonMessage, EscapedMemberNamesAreUnescaped) {
  JsonMessageReader reader;
  auto m = ReadOk(reader, R"({"de\u0061th_date":"2026-01-14"})");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].key, "death_date");
}

TEST(JsonMessage, NestedValuesAreCheckedAndWrittenWithoutEscapes) {
  JsonMessageReader reader;
  auto m = ReadOk(reader, R"({"a": { "x" : [1, "\u0031\u0032"] }, "b":[]})");
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].type, JsonType::kObject);
  EXPECT_EQ(m[0].raw, R"({"x":[1,"12"]})");
  EXPECT_EQ(m[1].type, JsonType::kArray);
  EXPECT_EQ(m[1].raw, "[]");
}

TEST(JsonMessage, IntegersBeyondInt64AreNumbers) {
  JsonMessageReader reader;
  auto m = ReadOk(reader, R"({"a":123456789012345678901234567890})");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].type, JsonType::kNumber);
}

TEST(JsonMessage, RefusesWhatIsNotExactlyOneValidObject) {
  JsonMessageReader reader;
  std::vector<JsonMember> members;
  for (std::string_view bad :
       {"", "   ", "[]", "42", R"("s")", R"({"a":1)", R"({"a":1} x)", R"({"a":1}{"b":2})",
        R"({"a":tru})", R"({"a":[1,nul]})", R"({"a":{"b":01}})", R"({"a":"\q"})",
        "{\"a\":\"\xff\"}", R"({"a":1,"a":2})", R"({a:1})", R"({"a":1,})"}) {
    SCOPED_TRACE(bad);
    Status s = reader.Read(bad, &members);
    EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
    EXPECT_EQ(s.message().rfind("not valid JSON", 0), 0u) << s.message();
  }
}

TEST(JsonMessage, ReaderIsReusableAfterAFailure) {
  JsonMessageReader reader;
  std::vector<JsonMember> members;
  EXPECT_FALSE(reader.Read(R"({"a":)", &members).ok());
  auto m = ReadOk(reader, R"({"a":"b"})");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].text, "b");
}

TEST(JsonMessage, AppendJsonStringEscapesQuotesBackslashesAndControls) {
  std::string out;
  AppendJsonString("a\"b\\c\n\x01张", &out);
  EXPECT_EQ(out, R"("a\"b\\c\u000a\u0001张")");
}

}  // namespace
}  // namespace xmatch::connectors
