#include "common/logging.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <iterator>
#include <map>
#include <mutex>

#include <nlohmann/json.hpp>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace xmatch {
namespace {

constexpr std::string_view kRedacted = "[ID redacted]";
constexpr size_t kTokenHexChars = 64;

// Byte length of the digit starting at t[i]: 1 for 0-9, 3 for full-width ０-９
// (U+FF10..U+FF19 = EF BC 90..99), 0 when t[i] does not start a digit.
size_t DigitAt(std::string_view t, size_t i) {
  const auto c = static_cast<unsigned char>(t[i]);
  if (c >= '0' && c <= '9') return 1;
  if (c == 0xEF && i + 2 < t.size() && static_cast<unsigned char>(t[i + 1]) == 0xBC) {
    const auto c2 = static_cast<unsigned char>(t[i + 2]);
    if (c2 >= 0x90 && c2 <= 0x99) return 3;
  }
  return 0;
}

// Byte length of a check character X/x at t[i]: 1 for ASCII, 3 for full-width Ｘ
// (EF BC B8) or ｘ (EF BD 98), 0 otherwise.
size_t CheckXAt(std::string_view t, size_t i) {
  if (i >= t.size()) return 0;
  if (t[i] == 'X' || t[i] == 'x') return 1;
  const std::string_view rest = t.substr(i, 3);
  if (rest == "\xEF\xBC\xB8" || rest == "\xEF\xBD\x98") return 3;
  return 0;
}

bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// True when t[begin, end) lies inside a maximal ASCII-hex word of exactly token length.
bool InsideToken(std::string_view t, size_t begin, size_t end) {
  while (begin > 0 && IsHex(t[begin - 1])) --begin;
  while (end < t.size() && IsHex(t[end])) ++end;
  return end - begin == kTokenHexChars;
}

// The one sink every xmatch logger writes to. It redacts the message, then hands it to
// the output chosen by InitLogging. The output keeps its own formatter: pattern changes
// made through a logger (spdlog::set_pattern) are ignored here on purpose.
class RedactingSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit RedactingSink(spdlog::sink_ptr output) : output_(std::move(output)) {}

  void SetOutput(spdlog::sink_ptr output) {
    std::lock_guard<std::mutex> lock(mutex_);
    output_->flush();
    output_ = std::move(output);
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    const std::string redacted =
        RedactIdNumbers(std::string_view(msg.payload.data(), msg.payload.size()));
    spdlog::details::log_msg copy = msg;
    copy.payload = spdlog::string_view_t(redacted.data(), redacted.size());
    output_->log(copy);
  }
  void flush_() override { output_->flush(); }
  void set_pattern_(const std::string&) override {}
  void set_formatter_(std::unique_ptr<spdlog::formatter>) override {}

 private:
  spdlog::sink_ptr output_;  // guarded by mutex_
};

// One JSON object per line: {"ts":"2026-03-01T02:03:04.123Z","level":"info",
// "logger":"connectors","msg":"..."}. Invalid UTF-8 in a message becomes U+FFFD so
// the line stays valid JSON.
class JsonFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    using std::chrono::duration_cast;
    using std::chrono::milliseconds;
    const auto since_epoch = msg.time.time_since_epoch();
    const long long ms = duration_cast<milliseconds>(since_epoch).count() % 1000;
    const std::time_t seconds = spdlog::log_clock::to_time_t(msg.time);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    const auto level = spdlog::level::to_string_view(msg.level);
    fmt::format_to(std::back_inserter(dest),
                   "{{\"ts\":\"{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z\",\"level\":\"{}\","
                   "\"logger\":{},\"msg\":{}}}\n",
                   utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min,
                   utc.tm_sec, ms, std::string_view(level.data(), level.size()),
                   JsonString(msg.logger_name), JsonString(msg.payload));
  }
  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<JsonFormatter>();
  }

 private:
  static std::string JsonString(spdlog::string_view_t s) {
    return nlohmann::json(std::string(s.data(), s.size()))
        .dump(-1, ' ', /*ensure_ascii=*/false, nlohmann::json::error_handler_t::replace);
  }
};

constexpr const char* kTextPattern = "%Y-%m-%d %H:%M:%S.%e %^%l%$ [%n] %v";

std::unique_ptr<spdlog::formatter> MakeFormatter(std::string_view format) {
  if (format == "json") return std::make_unique<JsonFormatter>();
  if (format == "text") return std::make_unique<spdlog::pattern_formatter>(kTextPattern);
  return nullptr;
}

// A formatting error inside a log call (a bad format string, a throwing formatter) is
// reported here instead of thrown. The what() text is redacted too: it may quote data.
void ReportLogError(const std::string& logger, const std::string& what) {
  std::fprintf(stderr, "xmatch: logger '%s' dropped a message it could not format: %s\n",
               logger.c_str(), RedactIdNumbers(what).c_str());
}

// Process-wide logging state. Never destroyed: code running during static destruction
// may still log.
struct LoggingState {
  std::mutex mu;
  std::shared_ptr<RedactingSink> sink;
  spdlog::level::level_enum level = spdlog::level::info;
  std::map<std::string, std::shared_ptr<spdlog::logger>> loggers;  // guarded by mu
};

spdlog::sink_ptr StderrOutput() {
  auto out = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  out->set_formatter(MakeFormatter("text"));
  return out;
}

std::shared_ptr<spdlog::logger> NewLogger(const std::string& name, LoggingState& state) {
  auto logger = std::make_shared<spdlog::logger>(name, state.sink);
  logger->set_level(state.level);
  logger->flush_on(spdlog::level::warn);
  logger->set_error_handler([name](const std::string& what) { ReportLogError(name, what); });
  return logger;
}

LoggingState& State() {
  static LoggingState* state = [] {
    auto* s = new LoggingState;
    s->sink = std::make_shared<RedactingSink>(StderrOutput());
    // Stray spdlog::info(...) calls go through the redacting sink too.
    auto fallback = NewLogger("xmatch", *s);
    s->loggers["xmatch"] = fallback;
    spdlog::set_default_logger(fallback);
    return s;
  }();
  return *state;
}

}  // namespace

std::string RedactIdNumbers(std::string_view t) {
  std::string out;
  size_t copied = 0;  // t[0, copied) is already in `out`
  size_t i = 0;
  while (i < t.size()) {
    if (DigitAt(t, i) == 0) {
      ++i;
      continue;
    }
    const size_t start = i;
    int digits = 0;
    for (size_t len; i < t.size() && (len = DigitAt(t, i)) != 0; i += len) ++digits;
    const size_t end = i;
    const size_t check_x = digits == 17 ? CheckXAt(t, end) : 0;
    bool is_id = digits == 15 || digits == 18 || check_x > 0;
    const bool ascii_run = end - start == static_cast<size_t>(digits);
    if (is_id && check_x == 0 && ascii_run && InsideToken(t, start, end)) is_id = false;
    if (!is_id) continue;
    if (out.empty()) out.reserve(t.size());
    out.append(t.substr(copied, start - copied));
    out.append(kRedacted);
    i = end + check_x;
    copied = i;
  }
  if (copied == 0) return std::string(t);
  out.append(t.substr(copied));
  return out;
}

Status InitLogging(std::string_view format, std::string_view level) {
  return InitLogging(format, level, StderrOutput());
}

Status InitLogging(std::string_view format, std::string_view level, spdlog::sink_ptr output) {
  auto formatter = MakeFormatter(format);
  if (formatter == nullptr) {
    return Status::InvalidArgument("log format '" + std::string(format) +
                                   "' is unknown: use text or json");
  }
  const auto lvl = spdlog::level::from_str(std::string(level));
  if (lvl == spdlog::level::off && level != "off") {
    return Status::InvalidArgument(
        "log level '" + std::string(level) +
        "' is unknown: use trace, debug, info, warn, error, critical or off");
  }
  output->set_formatter(std::move(formatter));

  LoggingState& state = State();
  std::lock_guard<std::mutex> lock(state.mu);
  state.sink->SetOutput(std::move(output));
  state.level = lvl;
  for (auto& [name, logger] : state.loggers) logger->set_level(lvl);
  return Status::Ok();
}

std::shared_ptr<spdlog::logger> GetLogger(const std::string& module) {
  LoggingState& state = State();
  std::lock_guard<std::mutex> lock(state.mu);
  auto& logger = state.loggers[module];
  if (logger == nullptr) logger = NewLogger(module, state);
  return logger;
}

}  // namespace xmatch
