// LoginThrottle: slows down password guessing. After a few failed logins for a user name,
// or from one address, further attempts are refused (HTTP 429 with Retry-After) for a
// delay that doubles with each failure, up to a cap; a successful login clears the
// user's count, and a quiet spell longer than the cap forgives. Kept in memory: a restart forgives, which is acceptable because the
// delays only need to outpace guessing. Thread-safe.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "review/clock.h"

namespace xmatch::review {

struct LoginThrottleOptions {
  int free_failures_per_user = 3;      // failures before any delay for one user name
  int free_failures_per_address = 10;  // failures before any delay for one address
  std::chrono::seconds first_delay{1};
  std::chrono::seconds max_delay{300};
  size_t max_tracked_keys = 100000;    // forgets the oldest entries beyond this
};

class LoginThrottle {
 public:
  LoginThrottle(Clock clock, LoginThrottleOptions options = {})
      : clock_(std::move(clock)), options_(options) {}

  // Zero when an attempt for `username` from `address` may be checked now; otherwise
  // how long the caller must wait.
  std::chrono::seconds RetryAfter(const std::string& username, const std::string& address);
  void RecordFailure(const std::string& username, const std::string& address);
  // Clears the user's count (not the address's).
  void RecordSuccess(const std::string& username);

 private:
  struct Entry {
    int failures = 0;
    std::chrono::system_clock::time_point blocked_until;
    std::chrono::system_clock::time_point last_failure;
  };
  void Fail(std::map<std::string, Entry>& entries, const std::string& key, int free_failures,
            std::chrono::system_clock::time_point now);
  std::chrono::seconds Remaining(const std::map<std::string, Entry>& entries,
                                 const std::string& key,
                                 std::chrono::system_clock::time_point now) const;

  Clock clock_;
  LoginThrottleOptions options_;
  std::mutex mutex_;
  std::map<std::string, Entry> by_user_;     // GUARDED_BY(mutex_)
  std::map<std::string, Entry> by_address_;  // GUARDED_BY(mutex_)
};

}  // namespace xmatch::review
