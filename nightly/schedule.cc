#include "nightly/schedule.h"

#include <ctime>

#include <fmt/format.h>

namespace xmatch::nightly {
namespace {

using std::chrono::system_clock;

std::tm LocalTm(TimePoint t) {
  const std::time_t seconds = system_clock::to_time_t(t);
  std::tm tm{};
  localtime_r(&seconds, &tm);
  return tm;
}

// The slot on the local calendar day of `day` (mktime resolves DST itself).
TimePoint SlotOnDayOf(DailySlot slot, TimePoint day, int add_days) {
  std::tm tm = LocalTm(day);
  tm.tm_mday += add_days;
  tm.tm_hour = slot.hour;
  tm.tm_min = slot.minute;
  tm.tm_sec = 0;
  tm.tm_isdst = -1;  // let mktime decide whether DST is in force on that day
  return system_clock::from_time_t(std::mktime(&tm));
}

}  // namespace

Result<DailySlot> DailySlot::Parse(const std::string& text) {
  const auto digit = [&](size_t i) { return text[i] >= '0' && text[i] <= '9'; };
  const Status refused = Status::InvalidArgument(
      "schedule: '" + text + "' is not a time of day HH:MM from 00:00 to 23:59 (e.g. 02:30)");
  if (text.size() != 5 || text[2] != ':' || !digit(0) || !digit(1) || !digit(3) || !digit(4)) {
    return refused;
  }
  DailySlot slot{(text[0] - '0') * 10 + (text[1] - '0'), (text[3] - '0') * 10 + (text[4] - '0')};
  if (slot.hour > 23 || slot.minute > 59) return refused;
  return slot;
}

std::string DailySlot::ToString() const { return fmt::format("{:02d}:{:02d}", hour, minute); }

TimePoint MostRecentSlot(DailySlot slot, TimePoint now) {
  // Today's occurrence, or yesterday's when today's is still ahead. Two days back covers
  // a DST change between them.
  for (int back = 0; back <= 2; ++back) {
    const TimePoint candidate = SlotOnDayOf(slot, now, -back);
    if (candidate <= now) return candidate;
  }
  return SlotOnDayOf(slot, now, -3);
}

TimePoint NextSlot(DailySlot slot, TimePoint now) {
  for (int ahead = 0; ahead <= 2; ++ahead) {
    const TimePoint candidate = SlotOnDayOf(slot, now, ahead);
    if (candidate > now) return candidate;
  }
  return SlotOnDayOf(slot, now, 3);
}

bool MissedSlot(DailySlot slot, std::optional<TimePoint> last_success_started, TimePoint now) {
  return !last_success_started || *last_success_started < MostRecentSlot(slot, now);
}

std::string LocalTimeText(TimePoint t) {
  const std::tm tm = LocalTm(t);
  return fmt::format("{:04d}-{:02d}-{:02d} {:02d}:{:02d}", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min);
}

}  // namespace xmatch::nightly
