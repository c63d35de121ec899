// NightlyOperation: what `xmatch serve` runs besides the review pages, on threads of its
// own (config: `schedule` and the `serve` map, common/config.h):
//   - the connectors (serve.connect): a KafkaConnector consuming the department topics
//     until Stop(), exactly as `xmatch connect` would (it joins the same consumer group);
//   - the match at `schedule` (local time), one run at a time: at start-up, when the
//     latest successful run in match_runs started before the most recent slot, it runs
//     at once (catch-up); a run that finds the matcher's lock held (another `xmatch
//     match`) is skipped with a log line naming the next slot;
//   - the retention purge (serve.retention_purge): at start-up and daily just before the
//     match (at 00:00 when there is no schedule), retention_purge.h;
//   - the operation warnings (review/operation_warnings.h), logged at start-up and then
//     once a day per agreement or source while they last.
// Every result is in the database (match_runs, audit_log) and so on the IT page.
//
// Lifecycle: Start() once; Stop() (or the destructor) stops the connector and the
// scheduler and waits for them: a match run in progress is waited for (it commits its
// clues and its match_runs row in one transaction, so even a kill leaves nothing
// half-written). Borrows the config, keyring and agreements; they must outlive it.
#pragma once

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "common/agreements.h"
#include "common/config.h"
#include "common/date.h"
#include "common/status.h"
#include "common/token.h"
#include "connectors/connector_stats.h"
#include "nightly/schedule.h"

namespace xmatch::nightly {

class NightlyOperation {
 public:
  // `keyring` is needed only with serve.connect; `match_threads` as RunOptions::threads.
  NightlyOperation(const Config& config, const TokenKeyring* keyring,
                   const AgreementRegistry& agreements, int match_threads);
  ~NightlyOperation();
  NightlyOperation(const NightlyOperation&) = delete;
  NightlyOperation& operator=(const NightlyOperation&) = delete;

  // Checks the schedule and starts the threads. InvalidArgument for a bad schedule, or
  // serve.connect without a keyring.
  Status Start();
  // Stops and joins; safe to call twice.
  void Stop();

  // The running connectors' counters as Prometheus families (connectors/connector_stats.h);
  // empty without serve.connect. Thread-safe, for /metrics.
  std::string ConnectorMetrics() const;

 private:
  void ConnectLoop();
  void ScheduleLoop();
  void RunMatchNow(const std::string& why);
  void PurgeNow();
  void LogWarnings();
  // Sleeps until `until` or Stop(); false when stopping.
  bool WaitUntil(TimePoint until);

  const Config& config_;
  const TokenKeyring* keyring_;
  const AgreementRegistry& agreements_;
  const int match_threads_;
  std::optional<DailySlot> match_slot_;
  DailySlot purge_slot_;

  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::condition_variable wake_;
  std::thread connect_thread_;
  connectors::LiveStats connector_stats_;
  std::thread schedule_thread_;
  std::map<std::string, Date> warned_on_;  // warning key -> day last logged (scheduler thread)
};

}  // namespace xmatch::nightly
