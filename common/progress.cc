#include "common/progress.h"

#include <unistd.h>

#include <algorithm>
#include <iterator>

#include <fmt/format.h>

namespace xmatch {
namespace {

using std::chrono::duration_cast;
using std::chrono::milliseconds;

constexpr milliseconds kQuietStart{1000};
constexpr milliseconds kInterval{500};
constexpr const char* kClearToEndOfLine = "\x1b[K";

double Seconds(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

uint64_t Rate(uint64_t items, std::chrono::steady_clock::duration elapsed) {
  const double seconds = Seconds(elapsed);
  return seconds > 0 ? static_cast<uint64_t>(static_cast<double>(items) / seconds) : 0;
}

}  // namespace

bool StderrIsTerminal() { return isatty(STDERR_FILENO) == 1; }

ProgressReporter::ProgressReporter(Options options)
    : options_(std::move(options)),
      start_(options_.clock()),
      next_report_(duration_cast<Duration>(kQuietStart).count()) {}

ProgressReporter::~ProgressReporter() {
  std::lock_guard<std::mutex> lock(print_mu_);
  if (printed_ && !finished_ && options_.terminal) *options_.out << '\n' << std::flush;
}

void ProgressReporter::Add(uint64_t items, uint64_t work) {
  items_.fetch_add(items, std::memory_order_relaxed);
  if (work != 0) work_.fetch_add(work, std::memory_order_relaxed);
  const Duration elapsed = options_.clock() - start_;
  if (elapsed.count() < next_report_.load(std::memory_order_relaxed)) return;

  // Another thread printing right now will report our items too.
  std::unique_lock<std::mutex> lock(print_mu_, std::try_to_lock);
  if (!lock.owns_lock() || finished_) return;
  if (elapsed.count() < next_report_.load(std::memory_order_relaxed)) return;
  next_report_.store((elapsed + duration_cast<Duration>(kInterval)).count(),
                     std::memory_order_relaxed);
  const std::string line = ProgressLine(elapsed);
  if (options_.terminal) {
    *options_.out << '\r' << line << kClearToEndOfLine << std::flush;
  } else {
    *options_.out << line << '\n' << std::flush;
  }
  printed_ = true;
}

void ProgressReporter::Finish() {
  const Duration elapsed = options_.clock() - start_;
  std::lock_guard<std::mutex> lock(print_mu_);
  if (finished_) return;
  finished_ = true;
  if (!printed_ && elapsed < kQuietStart) return;
  const uint64_t items = items_.load();
  const std::string line =
      fmt::format("{}: done, {} {} in {:.1f} s ({} {}/s)", options_.label, items,
                  options_.unit, Seconds(elapsed), Rate(items, elapsed), options_.unit);
  if (options_.terminal) {
    *options_.out << '\r' << line << kClearToEndOfLine << '\n' << std::flush;
  } else {
    *options_.out << line << '\n' << std::flush;
  }
}

std::string ProgressReporter::ProgressLine(Duration elapsed) const {
  const uint64_t items = items_.load();
  std::string line = fmt::format("{}: {} {}, {} {}/s", options_.label, items, options_.unit,
                                 Rate(items, elapsed), options_.unit);
  if (options_.total_work > 0) {
    const uint64_t done = std::min(work_.load(), options_.total_work);
    fmt::format_to(std::back_inserter(line), ", {}%", done * 100 / options_.total_work);
  }
  return line;
}

}  // namespace xmatch
