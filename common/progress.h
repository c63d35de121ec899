// Progress of long work (an import, the nightly match) for the person watching stderr.
//
//   ProgressReporter progress({.label = "roll import", .total_work = file_size});
//   for (each row) progress.Add(1, row_bytes);
//   progress.Finish();
//
// Quiet for the first second, so short runs print nothing; after that at most one line
// every half second: items done, the average rate and, when the total is known, the
// percentage of work done ("roll import: 120000 rows, 61000 rows/s, 45%"). On a terminal
// the line is rewritten in place (carriage return); otherwise each report is a new line,
// which suits log files. Finish() prints a closing line if anything took a second or more.
//
// Add() is thread-safe and cheap (two atomic adds and a clock read); printing happens in
// whichever thread's Add() finds a report due. The output stream must outlive the reporter.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <iostream>
#include <mutex>
#include <string>

namespace xmatch {

// True when stderr is a terminal.
bool StderrIsTerminal();

class ProgressReporter {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  struct Options {
    std::string label;            // what is being done: "roll import"
    std::string unit = "rows";    // what Add() counts
    uint64_t total_work = 0;      // e.g. the file's size in bytes; 0 = unknown, no percent
    std::ostream* out = &std::cerr;
    bool terminal = StderrIsTerminal();  // rewrite one line in place instead of new lines
    Clock clock = std::chrono::steady_clock::now;
  };

  explicit ProgressReporter(Options options);
  // Ends an unfinished terminal line so what follows (an error) starts on its own line.
  ~ProgressReporter();

  ProgressReporter(const ProgressReporter&) = delete;
  ProgressReporter& operator=(const ProgressReporter&) = delete;

  // Counts `items` more done and `work` more units of total_work. Thread-safe.
  void Add(uint64_t items, uint64_t work = 0);

  // Prints "LABEL: done, N UNIT in S s (R UNIT/s)" unless the whole run took under a
  // second and nothing was printed. Later calls (and later Add()s) print nothing.
  void Finish();

 private:
  using Duration = std::chrono::steady_clock::duration;

  std::string ProgressLine(Duration elapsed) const;

  const Options options_;
  const std::chrono::steady_clock::time_point start_;
  std::atomic<uint64_t> items_{0};
  std::atomic<uint64_t> work_{0};
  std::atomic<Duration::rep> next_report_;  // elapsed ticks before which nothing prints

  std::mutex print_mu_;
  bool printed_ = false;   // guarded by print_mu_
  bool finished_ = false;  // guarded by print_mu_
};

}  // namespace xmatch
