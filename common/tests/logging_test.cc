#include "common/logging.h"

#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

namespace xmatch {
namespace {

constexpr const char* kId18 = "11010519491231002X";
constexpr const char* kId18Digits = "440524188001010014";
constexpr const char* kId15 = "110105491231002";

// Routes all logging into `out` through the production path (InitLogging), and back to
// stderr afterwards so no logger is left pointing at a dead stream.
class LogCapture : public ::testing::Test {
 protected:
  void Use(const char* format, const char* level = "info") {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out_, /*force_flush=*/true);
    ASSERT_TRUE(InitLogging(format, level, sink).ok());
  }
  void TearDown() override { ASSERT_TRUE(InitLogging("text", "info").ok()); }

  std::vector<std::string> Lines() const {
    std::vector<std::string> lines;
    std::istringstream in(out_.str());
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }

  std::ostringstream out_;
};

TEST(LogRedaction, ReplacesEighteenCharacterIds) {
  EXPECT_EQ(RedactIdNumbers("member 11010519491231002X died"), "member [ID redacted] died");
  EXPECT_EQ(RedactIdNumbers("440524188001010014"), "[ID redacted]");
  EXPECT_EQ(RedactIdNumbers("id=11010519491231002x;"), "id=[ID redacted];");
}

TEST(LogRedaction, ReplacesFifteenDigitLegacyIds) {
  EXPECT_EQ(RedactIdNumbers("old 110105491231002."), "old [ID redacted].");
}

TEST(LogRedaction, ReplacesIdsInsideChineseText) {
  EXPECT_EQ(RedactIdNumbers("身份证号11010519491231002X的人员已死亡"),
            "身份证号[ID redacted]的人员已死亡");
}

TEST(LogRedaction, ReplacesFullWidthIds) {
  // １１０１０５１９４９１２３１００２Ｘ
  const std::string full_width =
      "\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x90\xEF\xBC\x91\xEF\xBC\x90\xEF\xBC\x95"
      "\xEF\xBC\x91\xEF\xBC\x99\xEF\xBC\x94\xEF\xBC\x99\xEF\xBC\x91\xEF\xBC\x92"
      "\xEF\xBC\x93\xEF\xBC\x91\xEF\xBC\x90\xEF\xBC\x90\xEF\xBC\x92\xEF\xBC\xB8";
  EXPECT_EQ(RedactIdNumbers("号码" + full_width + "。"), "号码[ID redacted]。");
}

TEST(LogRedaction, ReplacesEveryIdInAMessage) {
  EXPECT_EQ(RedactIdNumbers("11010519491231002X,440524188001010014 110105491231002"),
            "[ID redacted],[ID redacted] [ID redacted]");
}

TEST(LogRedaction, LeavesRegionCodesAndLongerNumbersAlone) {
  for (const char* text : {
           "region 410102001001",           // 12-digit village code
           "card 6222021234567890123",      // 19 digits
           "card 62220212345678901234",     // 20 digits
           "n=1234567890123456",            // 16 digits
           "n=12345678901234567",           // 17 digits, no check character
           "n=4405241880010100145X",        // 19 digits and X: longer than an ID
           "2026-01-01 650.50 yuan",
       }) {
    EXPECT_EQ(RedactIdNumbers(text), text);
  }
}

TEST(LogRedaction, LeavesKeyedTokensAlone) {
  // A 64-hex token whose digit runs happen to be 18 and 15 long.
  const std::string token =
      "110105194912310021abcdef110105491231002abcdef0123abcdef0123456ab";
  ASSERT_EQ(token.size(), 64u);
  EXPECT_EQ(RedactIdNumbers("token " + token), "token " + token);
}

TEST(LogRedaction, PassesInvalidUtf8Through) {
  const std::string bytes = "\xB9\xFA\xBC\xD2 \xEF\xBC";  // GBK text and a cut-off sequence
  EXPECT_EQ(RedactIdNumbers(bytes), bytes);
}

TEST_F(LogCapture, TextOutputNeverSeesAnId) {
  Use("text");
  GetLogger("connectors")->info("record for {} and {}, legacy {}", kId18, kId18Digits, kId15);
  const std::string out = out_.str();
  EXPECT_EQ(out.find(kId18), std::string::npos) << out;
  EXPECT_EQ(out.find(kId18Digits), std::string::npos) << out;
  EXPECT_EQ(out.find(kId15), std::string::npos) << out;
  EXPECT_NE(out.find("record for [ID redacted] and [ID redacted], legacy [ID redacted]"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("[connectors]"), std::string::npos) << out;
}

TEST_F(LogCapture, JsonOutputNeverSeesAnId) {
  Use("json");
  GetLogger("rolls")->warn("bad row: {}", kId18);
  const std::string out = out_.str();
  EXPECT_EQ(out.find(kId18), std::string::npos) << out;
  EXPECT_NE(out.find("[ID redacted]"), std::string::npos) << out;
}

TEST_F(LogCapture, LoggersCreatedBeforeInitAreRedirectedAndRedacted) {
  auto early = GetLogger("early-module");
  Use("text");
  early->info("{}", kId18);
  spdlog::info("stray default-logger call {}", kId18);
  const std::string out = out_.str();
  EXPECT_EQ(out.find(kId18), std::string::npos) << out;
  EXPECT_EQ(Lines().size(), 2u) << out;
}

TEST_F(LogCapture, JsonLinesAreValidJsonWithChineseText) {
  Use("json");
  GetLogger("matcher")->info("乡镇 {} 线索 \"{}\"\t完成", "城关镇", 3);
  GetLogger("matcher")->error("invalid UTF-8 \xB9\xFA stays JSON");
  const auto lines = Lines();
  ASSERT_EQ(lines.size(), 2u) << out_.str();

  const auto first = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(first.at("msg"), "乡镇 城关镇 线索 \"3\"\t完成");
  EXPECT_EQ(first.at("level"), "info");
  EXPECT_EQ(first.at("logger"), "matcher");
  const std::string ts = first.at("ts");
  EXPECT_EQ(ts.size(), std::string("2026-01-01T00:00:00.000Z").size()) << ts;
  EXPECT_EQ(ts.back(), 'Z');

  const auto second = nlohmann::json::parse(lines[1]);
  EXPECT_EQ(second.at("level"), "error");
}

TEST_F(LogCapture, LevelFiltersMessages) {
  Use("text", "warn");
  auto log = GetLogger("store");
  log->info("hidden");
  log->warn("shown");
  const auto lines = Lines();
  ASSERT_EQ(lines.size(), 1u) << out_.str();
  EXPECT_NE(lines[0].find("shown"), std::string::npos);
}

TEST_F(LogCapture, UnknownFormatOrLevelIsAnErrorAndKeepsTheOutput) {
  Use("text");
  auto other = std::make_shared<spdlog::sinks::ostream_sink_mt>(out_);
  EXPECT_FALSE(InitLogging("xml", "info", other).ok());
  EXPECT_FALSE(InitLogging("text", "loud", other).ok());
  GetLogger("cli")->info("still text");
  const auto lines = Lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("[cli] still text"), std::string::npos) << lines[0];
}

TEST(Logging, SameModuleGetsTheSameLogger) {
  EXPECT_EQ(GetLogger("connectors"), GetLogger("connectors"));
  EXPECT_NE(GetLogger("connectors"), GetLogger("matcher"));
}

TEST_F(LogCapture, BadFormatStringIsReportedNotThrown) {
  Use("text");
  auto log = GetLogger("cli");
  ::testing::internal::CaptureStderr();
  EXPECT_NO_THROW(log->info(fmt::runtime("{} {} for {}"), 1, kId18));
  const std::string report = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(report.find("logger 'cli' dropped a message"), std::string::npos) << report;
  EXPECT_EQ(report.find(kId18), std::string::npos) << report;
  log->info("still logging");
  EXPECT_NE(out_.str().find("still logging"), std::string::npos);
}

}  // namespace
}  // namespace xmatch
