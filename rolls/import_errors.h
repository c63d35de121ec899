// ImportErrors: the errors found in one input file, for the message that rejects it.
//
// Keeps the first `max_listed` in file order and counts the rest, so that a file with a
// million bad rows costs no more memory than one with twenty. ToStatus() renders
//
//   roll.csv: 25 errors, nothing was imported:
//     line 7342, id_number: resident ID check character should be X, not 3
//     ...
//     and 5 more errors
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "rolls/field_error.h"

namespace xmatch::rolls {

class ImportErrors {
 public:
  explicit ImportErrors(size_t max_listed) : max_listed_(max_listed) {}

  // "line N, column: rule"
  void Add(int64_t line, const FieldError& error);
  // "line N: message" (a problem with the row as a whole)
  void AddRowError(int64_t line, std::string_view message);
  // A message that already says where (e.g. from CsvReader: "line N: ...").
  void AddMessage(std::string message);
  // Counts `n` more errors without listing them (their lines are past the listed ones).
  void AddUnlisted(uint64_t n) { count_ += n; }

  bool empty() const { return count_ == 0; }
  uint64_t count() const { return count_; }
  // InvalidArgument listing the errors, prefixed with `file`.
  Status ToStatus(std::string_view file) const;

 private:
  size_t max_listed_;
  uint64_t count_ = 0;
  std::vector<std::string> listed_;
};

}  // namespace xmatch::rolls
