// Logging for the whole program: one spdlog logger per module, one redaction point.
//
//   InitLogging("json", "info");                 // once, in main(), after LoadConfig
//   auto log = GetLogger("connectors");          // any time, from any thread
//   log->info("batch of {} records landed", n);
//
// Every logger GetLogger() hands out writes to one shared redacting sink. That sink
// replaces anything shaped like a resident ID number with "[ID redacted]" (see
// RedactIdNumbers) and only then passes the message to the outputs InitLogging set up,
// so no output (stderr, a file, a test sink) can ever see an ID in a message. The
// logger name and the format string are not personal data and are not rewritten.
// Keyed 64-hex tokens (CONTRACT §1.5) are pseudonyms and are logged as they are.
//
// A log call never throws: spdlog catches formatting errors and our error handler
// reports them without the message text.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <spdlog/logger.h>
#include <spdlog/sinks/sink.h>

#include "common/status.h"

namespace xmatch {

// Sets the output format ("text": human-readable lines, coloured on a terminal; "json":
// one object per line with "ts" (UTC, ISO 8601), "level", "logger" and "msg") and the
// level ("trace", "debug", "info", "warn", "error", "critical", "off") for every logger,
// existing and future, and sends all output to stderr. InvalidArgument on an unknown
// format or level; the previous set-up then stays in place.
Status InitLogging(std::string_view format, std::string_view level);

// The same, with `output` in place of stderr (a file sink, or a test sink). `output`
// receives only redacted messages, formatted per `format`.
Status InitLogging(std::string_view format, std::string_view level, spdlog::sink_ptr output);

// The logger for one module ("connectors", "matcher", "store", ...). Created on first
// use; the same logger is returned for the same name. Thread-safe. Before InitLogging
// runs, loggers write text at level info to stderr.
std::shared_ptr<spdlog::logger> GetLogger(const std::string& module);

// Replaces every resident-ID-shaped run with "[ID redacted]": 15 digits, 18 digits, or
// 17 digits followed by X or x, where a run of digits is not part of a longer digit run
// (so 12-digit region codes and 19-digit card numbers stay). Full-width digits and
// letters (０-９, Ｘ, ｘ) count as their ASCII forms. A run inside a 64-character
// hexadecimal word (a keyed token) is left alone. Other text, including Chinese and
// invalid UTF-8, passes through byte for byte.
std::string RedactIdNumbers(std::string_view text);

}  // namespace xmatch
