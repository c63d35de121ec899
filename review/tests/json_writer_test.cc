#include "review/json_writer.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace xmatch::review {
namespace {

using Json = nlohmann::json;

std::string Quoted(std::string_view text) { return JsonWriter().String(text).Take(); }

TEST(JsonWriterTest, CommasAndNestingFormTheDocumentTheCallsDescribe) {
  JsonWriter w;
  w.BeginObject().Key("page").Int(2).Key("capped").Bool(false).Key("counts").BeginObject()
      .Key("by_status").BeginObject().EndObject().EndObject();
  w.Key("items").BeginArray();
  for (int i = 0; i < 2; ++i) w.BeginObject().Key("id").Int(-i).Key("name").Null().EndObject();
  w.BeginArray().EndArray().EndArray().EndObject();
  const std::string text = w.Take();
  EXPECT_EQ(text, R"({"page":2,"capped":false,"counts":{"by_status":{}},)"
                  R"("items":[{"id":0,"name":null},{"id":-1,"name":null},[]]})");
  EXPECT_EQ(Json::parse(text)["items"][1]["id"], -1);
}

TEST(JsonWriterTest, EscapesWhatJsonRequiresAndNothingElse) {
  EXPECT_EQ(Quoted("say \"hi\"\\ / ok"), R"("say \"hi\"\\ / ok")");
  EXPECT_EQ(Quoted("a\nb\tc\r\b\f"), R"("a\nb\tc\r\b\f")");
  EXPECT_EQ(Quoted(std::string("\x01\x1f", 2)), R"("\u0001\u001f")");
  EXPECT_EQ(Quoted(std::string("nul\0here", 8)), R"("nul\u0000here")");
  const std::string tricky = "名字 \"引号\"\n\x7f";
  EXPECT_EQ(Json::parse(Quoted(tricky)).get<std::string>(), tricky);
}

TEST(JsonWriterTest, ChineseAndFourByteCharactersPassUnchanged) {
  EXPECT_EQ(Quoted("陕州区 张桂英"), "\"陕州区 张桂英\"");
  EXPECT_EQ(Quoted("\xF0\x9F\x98\x80"), "\"\xF0\x9F\x98\x80\"");  // U+1F600
  EXPECT_EQ(Quoted("\xF4\x8F\xBF\xBF"), "\"\xF4\x8F\xBF\xBF\"");  // U+10FFFF
}

TEST(JsonWriterTest, BytesThatAreNotUtf8BecomeTheReplacementCharacter) {
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(Quoted("a\xFF" "b"), "\"a" + fffd + "b\"");
  EXPECT_EQ(Quoted("\xC0\xAF"), "\"" + fffd + fffd + "\"");        // overlong '/'
  EXPECT_EQ(Quoted("\xED\xA0\x80"), "\"" + fffd + fffd + fffd + "\"");  // a surrogate
  EXPECT_EQ(Quoted("\xF4\x90\x80\x80"), "\"" + fffd + fffd + fffd + fffd + "\"");  // > U+10FFFF
  EXPECT_EQ(Quoted("名\xE5\x90"), "\"名" + fffd + fffd + "\"");  // cut off at the end
  // Whatever the bytes, the answer is JSON a browser can parse.
  EXPECT_NO_THROW(Json::parse(Quoted("\x80\xBF\xFE\xF5\xC1\xE0\x80")));
}

}  // namespace
}  // namespace xmatch::review
