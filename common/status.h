// Status: the outcome of an operation that can fail in an expected way (bad input, a
// server away, a file missing). Exceptions are kept for bugs and start-up failures.
//
// A Status is either OK or carries a code and a message written for the person who has
// to act on it: what was wrong, where (file, line, field), and what to do. Cheap to
// copy when OK; the message is only allocated on failure.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace xmatch {

class Status {
 public:
  enum class Code {
    kOk = 0,
    kInvalidArgument,   // the input is wrong: a bad field, a malformed file
    kNotFound,          // a file, row or key that should exist does not
    kAlreadyExists,
    kFailedPrecondition,  // the system is not in a state that allows the operation
    kUnavailable,       // a server (PostgreSQL, Kafka) cannot be reached right now: retry
    kPermissionDenied,
    kIoError,
    kInternal,
  };

  Status() = default;  // OK

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string_view msg) { return {Code::kInvalidArgument, msg}; }
  static Status NotFound(std::string_view msg) { return {Code::kNotFound, msg}; }
  static Status AlreadyExists(std::string_view msg) { return {Code::kAlreadyExists, msg}; }
  static Status FailedPrecondition(std::string_view msg) {
    return {Code::kFailedPrecondition, msg};
  }
  static Status Unavailable(std::string_view msg) { return {Code::kUnavailable, msg}; }
  static Status PermissionDenied(std::string_view msg) { return {Code::kPermissionDenied, msg}; }
  static Status IoError(std::string_view msg) { return {Code::kIoError, msg}; }
  static Status Internal(std::string_view msg) { return {Code::kInternal, msg}; }

  bool ok() const { return state_ == nullptr; }
  Code code() const { return state_ ? state_->code : Code::kOk; }
  // The message alone, without the code name ("" when OK).
  const std::string& message() const;
  // "OK", or "<code name>: <message>".
  std::string ToString() const;

  // A copy whose message is prefixed with `context` and ": ", e.g. the file name.
  Status WithContext(std::string_view context) const;

 private:
  struct State {
    Code code;
    std::string message;
  };
  Status(Code code, std::string_view msg)
      : state_(std::make_shared<const State>(State{code, std::string(msg)})) {}

  std::shared_ptr<const State> state_;  // null when OK
};

std::string_view CodeName(Status::Code code);

}  // namespace xmatch

// Returns early from the enclosing function when `expr` yields a non-OK Status.
#define XM_RETURN_IF_ERROR(expr)                      \
  do {                                                \
    ::xmatch::Status xm_status_ = (expr);             \
    if (!xm_status_.ok()) return xm_status_;          \
  } while (0)
