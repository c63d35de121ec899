#include "review/login_throttle.h"

#include <algorithm>

namespace xmatch::review {

std::chrono::seconds LoginThrottle::Remaining(const std::map<std::string, Entry>& entries,
                                              const std::string& key,
                                              std::chrono::system_clock::time_point now) const {
  auto it = entries.find(key);
  if (it == entries.end() || it->second.blocked_until <= now) return std::chrono::seconds(0);
  // Rounded up: "retry after 0 s" while still blocked would invite a busy loop.
  return std::chrono::ceil<std::chrono::seconds>(it->second.blocked_until - now);
}

std::chrono::seconds LoginThrottle::RetryAfter(const std::string& username,
                                               const std::string& address) {
  const auto now = clock_();
  std::lock_guard lock(mutex_);
  return std::max(Remaining(by_user_, username, now), Remaining(by_address_, address, now));
}

void LoginThrottle::Fail(std::map<std::string, Entry>& entries, const std::string& key,
                         int free_failures, std::chrono::system_clock::time_point now) {
  if (entries.size() >= options_.max_tracked_keys && !entries.count(key)) {
    // Forget entries whose delay has passed; if that frees nothing, start afresh rather
    // than grow without bound under a spray of names.
    std::erase_if(entries, [now](const auto& e) { return e.second.blocked_until <= now; });
    if (entries.size() >= options_.max_tracked_keys) entries.clear();
  }
  Entry& entry = entries[key];
  // A quiet spell longer than the longest delay forgives earlier failures.
  if (now - entry.last_failure > options_.max_delay) entry.failures = 0;
  entry.last_failure = now;
  ++entry.failures;
  int over = entry.failures - free_failures;
  if (over <= 0) return;
  auto delay = options_.first_delay * (1LL << std::min(over - 1, 20));
  entry.blocked_until = now + std::min<std::chrono::seconds>(delay, options_.max_delay);
}

void LoginThrottle::RecordFailure(const std::string& username, const std::string& address) {
  const auto now = clock_();
  std::lock_guard lock(mutex_);
  Fail(by_user_, username, options_.free_failures_per_user, now);
  Fail(by_address_, address, options_.free_failures_per_address, now);
}

void LoginThrottle::RecordSuccess(const std::string& username) {
  std::lock_guard lock(mutex_);
  // Only the user's count: one good account must not reset an address that is guessing
  // at others.
  by_user_.erase(username);
}

}  // namespace xmatch::review
