// The schedule's time arithmetic with injected instants and time zones (no clock read).
#include "nightly/schedule.h"

#include <stdlib.h>
#include <time.h>

#include <chrono>
#include <optional>
#include <string>

#include <gtest/gtest.h>

namespace xmatch::nightly {
namespace {

using namespace std::chrono;

// An instant given in UTC.
TimePoint Utc(int y, unsigned mo, unsigned d, int h, int mi, int s = 0) {
  return sys_days{year{y} / month{mo} / day{d}} + hours{h} + minutes{mi} + seconds{s};
}

// Runs each test in a fixed time zone and restores the previous one.
class ScheduleTest : public ::testing::Test {
 protected:
  void UseZone(const char* zone) {
    setenv("TZ", zone, 1);
    tzset();
  }
  void SetUp() override {
    if (const char* tz = getenv("TZ")) saved_ = tz;
    UseZone("Asia/Shanghai");  // UTC+8, no daylight saving
  }
  void TearDown() override {
    if (saved_) {
      setenv("TZ", saved_->c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }
  std::optional<std::string> saved_;
};

const DailySlot k0230{2, 30};

TEST(DailySlot, ParsesHoursAndMinutes) {
  Result<DailySlot> slot = DailySlot::Parse("02:30");
  ASSERT_TRUE(slot.ok());
  EXPECT_EQ(slot->hour, 2);
  EXPECT_EQ(slot->minute, 30);
  EXPECT_EQ(slot->ToString(), "02:30");
  EXPECT_EQ(DailySlot::Parse("23:59")->ToString(), "23:59");
  for (const char* bad : {"2:30", "24:00", "02:60", "02-30", "", "02:30 "}) {
    Result<DailySlot> refused = DailySlot::Parse(bad);
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_NE(refused.status().message().find("HH:MM"), std::string::npos) << bad;
  }
}

TEST_F(ScheduleTest, MostRecentSlotIsTodaysOnceItHasPassed) {
  // 2026-11-23 10:00 in Shanghai is 02:00 UTC; 02:30 there is 18:30 UTC the day before.
  EXPECT_EQ(MostRecentSlot(k0230, Utc(2026, 11, 23, 2, 0)), Utc(2026, 11, 22, 18, 30));
  EXPECT_EQ(NextSlot(k0230, Utc(2026, 11, 23, 2, 0)), Utc(2026, 11, 23, 18, 30));
}

TEST_F(ScheduleTest, BeforeTodaysSlotTheMostRecentIsYesterdays) {
  // 2026-11-23 01:00 local = 2026-11-22 17:00 UTC.
  EXPECT_EQ(MostRecentSlot(k0230, Utc(2026, 11, 22, 17, 0)), Utc(2026, 11, 21, 18, 30));
  EXPECT_EQ(NextSlot(k0230, Utc(2026, 11, 22, 17, 0)), Utc(2026, 11, 22, 18, 30));
}

TEST_F(ScheduleTest, AtTheSlotItselfTheSlotIsTheMostRecentAndTheNextIsTomorrow) {
  const TimePoint slot = Utc(2026, 11, 22, 18, 30);
  EXPECT_EQ(MostRecentSlot(k0230, slot), slot);
  EXPECT_EQ(NextSlot(k0230, slot), Utc(2026, 11, 23, 18, 30));
}

TEST_F(ScheduleTest, MissedWhenNoRunOrTheLastStartedBeforeTheMostRecentSlot) {
  const TimePoint now = Utc(2026, 11, 23, 2, 0);  // 10:00 local, slot 02:30 passed
  EXPECT_TRUE(MissedSlot(k0230, std::nullopt, now));
  EXPECT_FALSE(MissedSlot(k0230, Utc(2026, 11, 22, 18, 30, 5), now));  // ran at the slot
  EXPECT_FALSE(MissedSlot(k0230, Utc(2026, 11, 23, 1, 0), now));       // ran by hand later
  EXPECT_TRUE(MissedSlot(k0230, Utc(2026, 11, 22, 18, 29), now));      // just before it
  EXPECT_TRUE(MissedSlot(k0230, Utc(2026, 11, 20, 18, 30), now));      // days ago
}

TEST_F(ScheduleTest, LocalTimeTextIsInTheMachinesZone) {
  EXPECT_EQ(LocalTimeText(Utc(2026, 11, 22, 18, 30)), "2026-11-23 02:30");
}

TEST_F(ScheduleTest, EveryDayHasOneSlotAcrossDaylightSavingChanges) {
  UseZone("Europe/Berlin");  // 2026-03-29 02:00 CET jumps to 03:00 CEST; 10-25 03:00 back to 02:00
  // Before the spring jump: 02:30 CET = 01:30 UTC.
  EXPECT_EQ(NextSlot(k0230, Utc(2026, 3, 27, 12, 0)), Utc(2026, 3, 28, 1, 30));
  // The day without 02:30: still one occurrence, strictly between the days around it.
  const TimePoint skipped = NextSlot(k0230, Utc(2026, 3, 28, 12, 0));
  EXPECT_GT(skipped, Utc(2026, 3, 28, 12, 0));
  EXPECT_LT(skipped, Utc(2026, 3, 30, 0, 30));
  EXPECT_EQ(NextSlot(k0230, skipped), Utc(2026, 3, 30, 0, 30));  // 02:30 CEST
  EXPECT_EQ(MostRecentSlot(k0230, Utc(2026, 3, 29, 12, 0)), skipped);
  // Autumn: 02:30 happens twice on 10-25; the schedule runs once that day.
  const TimePoint autumn = NextSlot(k0230, Utc(2026, 10, 24, 12, 0));
  EXPECT_GE(autumn, Utc(2026, 10, 25, 0, 30));
  EXPECT_LE(autumn, Utc(2026, 10, 25, 1, 30));
  EXPECT_EQ(NextSlot(k0230, autumn), Utc(2026, 10, 26, 1, 30));
}

}  // namespace
}  // namespace xmatch::nightly
