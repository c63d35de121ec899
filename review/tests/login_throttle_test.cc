#include "review/login_throttle.h"

#include <gtest/gtest.h>

namespace xmatch::review {
namespace {

using std::chrono::seconds;

class LoginThrottleTest : public ::testing::Test {
 protected:
  std::chrono::system_clock::time_point now_ = std::chrono::system_clock::now();
  LoginThrottle throttle_{[this] { return now_; }, LoginThrottleOptions()};
};

TEST_F(LoginThrottleTest, FirstFailuresAreFreeThenTheDelayDoubles) {
  for (int i = 0; i < 3; ++i) throttle_.RecordFailure("wang", "10.0.0.1");
  EXPECT_EQ(throttle_.RetryAfter("wang", "10.0.0.1"), seconds(0));
  throttle_.RecordFailure("wang", "10.0.0.1");
  EXPECT_EQ(throttle_.RetryAfter("wang", "10.0.0.1"), seconds(1));
  throttle_.RecordFailure("wang", "10.0.0.1");
  EXPECT_EQ(throttle_.RetryAfter("wang", "10.0.0.1"), seconds(2));
  // Another address does not help against the per-user delay.
  EXPECT_EQ(throttle_.RetryAfter("wang", "10.0.0.2"), seconds(2));
  // Another user from the same address is not slowed (yet).
  EXPECT_EQ(throttle_.RetryAfter("li", "10.0.0.1"), seconds(0));
  now_ += seconds(2);
  EXPECT_EQ(throttle_.RetryAfter("wang", "10.0.0.1"), seconds(0));
}

TEST_F(LoginThrottleTest, OneAddressGuessingManyNamesIsSlowed) {
  for (int i = 0; i < 11; ++i) throttle_.RecordFailure("user" + std::to_string(i), "10.9.9.9");
  EXPECT_GT(throttle_.RetryAfter("someone-new", "10.9.9.9"), seconds(0));
  EXPECT_EQ(throttle_.RetryAfter("someone-new", "10.0.0.1"), seconds(0));
}

TEST_F(LoginThrottleTest, DelayIsCappedAndSuccessClearsTheUser) {
  for (int i = 0; i < 40; ++i) throttle_.RecordFailure("zhao", "10.0.0.1");
  EXPECT_EQ(throttle_.RetryAfter("zhao", "10.0.0.3"), seconds(300));
  throttle_.RecordSuccess("zhao");
  EXPECT_EQ(throttle_.RetryAfter("zhao", "10.0.0.3"), seconds(0));
}

}  // namespace
}  // namespace xmatch::review
