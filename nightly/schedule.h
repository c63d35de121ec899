// The nightly schedule's time arithmetic, pure: a daily slot ("02:30", local time), the
// most recent and the next occurrence of it around a given instant, and whether a run
// that last succeeded at some instant missed the most recent slot (catch-up at
// start-up). Every function takes "now" as an argument, so tests inject any instant and
// time zone (TZ); nothing here reads a clock.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "common/result.h"

namespace xmatch::nightly {

using TimePoint = std::chrono::system_clock::time_point;

// A time of day in the machine's local time zone.
struct DailySlot {
  int hour = 0;
  int minute = 0;

  // Parses "HH:MM" (00:00 to 23:59); InvalidArgument naming the text otherwise.
  static Result<DailySlot> Parse(const std::string& text);
  std::string ToString() const;  // "HH:MM"
};

// The latest instant <= now at which the local clock showed the slot. Each local day
// has exactly one occurrence, whatever daylight saving does: a slot the clock skips is
// moved by mktime (02:30 becomes 03:30), a slot it shows twice counts once.
TimePoint MostRecentSlot(DailySlot slot, TimePoint now);

// The earliest instant > now at which the slot comes round.
TimePoint NextSlot(DailySlot slot, TimePoint now);

// True when a run is due at start-up: no successful run at all, or the latest one
// started before the most recent slot.
bool MissedSlot(DailySlot slot, std::optional<TimePoint> last_success_started, TimePoint now);

// "2026-11-23 02:30" in local time, for log lines.
std::string LocalTimeText(TimePoint t);

}  // namespace xmatch::nightly
