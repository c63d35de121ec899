#include "nightly/nightly_operation.h"

#include <algorithm>

#include "common/logging.h"
#include "connectors/kafka_connector.h"
#include "matcher/run/run_match.h"
#include "nightly/retention_purge.h"
#include "review/operation_warnings.h"
#include "store/connection.h"

namespace xmatch::nightly {
namespace {

using std::chrono::system_clock;

constexpr std::chrono::hours kWarningCheckEvery{1};

// When the latest successful run started; nullopt when there is none.
Result<std::optional<TimePoint>> LastSuccessStarted(pqxx::connection& conn) {
  try {
    pqxx::read_transaction tx(conn);
    const pqxx::row r = tx.exec1(
        "SELECT extract(epoch FROM max(started_at))::float8 FROM match_runs "
        "WHERE status = 'succeeded'");
    if (r[0].is_null()) return std::optional<TimePoint>();
    return std::optional<TimePoint>(system_clock::time_point(
        std::chrono::duration_cast<system_clock::duration>(
            std::chrono::duration<double>(r[0].as<double>()))));
  } catch (const std::exception& e) {
    return store::StatusFromPqxx(e, "reading the latest successful match run");
  }
}

}  // namespace

NightlyOperation::NightlyOperation(const Config& config, const TokenKeyring* keyring,
                                   const AgreementRegistry& agreements, int match_threads)
    : config_(config), keyring_(keyring), agreements_(agreements), match_threads_(match_threads) {}

NightlyOperation::~NightlyOperation() { Stop(); }

Status NightlyOperation::Start() {
  if (!config_.schedule.empty()) {
    XM_ASSIGN_OR_RETURN(DailySlot slot, DailySlot::Parse(config_.schedule));
    match_slot_ = slot;
  }
  purge_slot_ = match_slot_.value_or(DailySlot{0, 0});
  if (config_.serve.connect) {
    if (keyring_ == nullptr) {
      return Status::InvalidArgument(
          "serve.connect is true but no token keys are configured: set token_keys or "
          "XMATCH_TOKEN_KEYS (the connectors tokenize ID numbers on arrival)");
    }
    connect_thread_ = std::thread([this] { ConnectLoop(); });
  }
  schedule_thread_ = std::thread([this] { ScheduleLoop(); });
  return Status::Ok();
}

void NightlyOperation::Stop() {
  {
    std::lock_guard lock(mutex_);
    stop_.store(true);
  }
  wake_.notify_all();
  if (connect_thread_.joinable()) connect_thread_.join();
  if (schedule_thread_.joinable()) schedule_thread_.join();
}

bool NightlyOperation::WaitUntil(TimePoint until) {
  std::unique_lock lock(mutex_);
  wake_.wait_until(lock, until, [this] { return stop_.load(); });
  return !stop_.load();
}

std::string NightlyOperation::ConnectorMetrics() const {
  if (!config_.serve.connect) return "";
  return connectors::FormatPrometheus(connector_stats_.Snapshot());
}

void NightlyOperation::ConnectLoop() {
  connectors::ConnectorOptions options;
  options.kafka = config_.kafka;
  options.pg_dsn = config_.pg_dsn;
  options.live_stats = &connector_stats_;
  connectors::KafkaConnector connector(options, *keyring_, agreements_);
  Status s = connector.Run(stop_);
  if (!s.ok()) {
    GetLogger("nightly")->error(
        "the connectors stopped: {}; fix the kafka settings and restart xmatch serve",
        s.message());
  }
}

void NightlyOperation::ScheduleLoop() {
  auto log = GetLogger("nightly");
  if (config_.serve.retention_purge) PurgeNow();
  if (match_slot_) {
    auto conn = store::Connect(config_.pg_dsn);
    Result<std::optional<TimePoint>> last =
        conn.ok() ? LastSuccessStarted(**conn) : Result<std::optional<TimePoint>>(conn.status());
    if (!last.ok()) {
      log->error("cannot tell whether a scheduled match was missed: {}", last.status().message());
    } else if (MissedSlot(*match_slot_, *last, system_clock::now())) {
      RunMatchNow(*last ? "catch-up: the latest successful run started " +
                              LocalTimeText(**last) + ", before the slot of " +
                              LocalTimeText(MostRecentSlot(*match_slot_, system_clock::now()))
                        : "catch-up: no successful run yet");
    }
    log->info("the match runs daily at {} (local time); next at {}", match_slot_->ToString(),
              LocalTimeText(NextSlot(*match_slot_, system_clock::now())));
  } else {
    log->info("no schedule: the match is not run by xmatch serve (set `schedule`, or run "
              "`xmatch match` from a timer)");
  }
  LogWarnings();
  while (!stop_.load()) {
    const TimePoint now = system_clock::now();
    const TimePoint next_purge = NextSlot(purge_slot_, now);
    const TimePoint next_match = match_slot_ ? NextSlot(*match_slot_, now) : TimePoint::max();
    const TimePoint next_check = now + kWarningCheckEvery;
    if (!WaitUntil(std::min({next_purge, next_match, next_check}))) return;
    const TimePoint woke = system_clock::now();
    if (config_.serve.retention_purge && woke >= next_purge) PurgeNow();
    if (woke >= next_match) RunMatchNow("scheduled at " + match_slot_->ToString());
    LogWarnings();
  }
}

void NightlyOperation::RunMatchNow(const std::string& why) {
  auto log = GetLogger("nightly");
  auto conn = store::Connect(config_.pg_dsn);
  if (!conn.ok()) {
    log->error("match ({}) not run: {}", why, conn.status().message());
    return;
  }
  log->info("match: starting ({})", why);
  matcher::RunOptions options;
  options.config = config_.match;
  options.threads = match_threads_;
  options.progress = nullptr;
  Result<matcher::RunSummary> summary = matcher::RunMatch(**conn, options);
  if (summary.ok()) {
    uint64_t raised = 0, created = 0;
    for (const matcher::RuleOutcome& o : summary->rules) {
      raised += o.raised;
      created += o.created;
    }
    log->info("match: run {} ({}) succeeded: {} clue(s) raised, {} new", summary->run_id,
              summary->full ? "full" : "incremental", raised, created);
    return;
  }
  if (summary.status().code() == Status::Code::kFailedPrecondition) {
    log->warn("match ({}) skipped: another match run holds the lock ({}); the next slot is {}",
              why, summary.status().message(),
              match_slot_ ? LocalTimeText(NextSlot(*match_slot_, system_clock::now())) : "none");
    return;
  }
  log->error("match ({}) failed: {}; it is recorded in match_runs, the next slot runs again",
             why, summary.status().message());
}

void NightlyOperation::PurgeNow() {
  auto log = GetLogger("nightly");
  auto conn = store::Connect(config_.pg_dsn);
  Result<PurgeReport> report =
      conn.ok() ? PurgeExpiredRecords(**conn, agreements_, system_clock::now(),
                                      config_.serve.purge_batch)
                : Result<PurgeReport>(conn.status());
  if (!report.ok()) {
    log->error("retention purge failed: {}; it runs again at the next slot",
               report.status().message());
    return;
  }
  for (const auto& [id, n] : report->purged_by_agreement) {
    log->info("retention purge: {} record(s) of agreement {} past its retention_days deleted", n,
              id);
  }
  for (const auto& [id, n] : report->unknown_agreement) {
    log->warn("retention purge: {} record(s) name agreement {}, which is not in the agreements "
              "directory: kept, their retention is unknown; put the agreement's file back",
              n, id);
  }
  if (report->total() == 0) log->info("retention purge: no record past its retention");
}

void NightlyOperation::LogWarnings() {
  auto log = GetLogger("nightly");
  auto conn = store::Connect(config_.pg_dsn);
  if (!conn.ok()) return;  // the match and purge report the database being away
  std::vector<review::OperationWarning> warnings;
  try {
    pqxx::read_transaction tx(**conn);
    warnings = review::LoadWarnings(tx);
  } catch (const std::exception& e) {
    log->error("cannot check the operation warnings: {}",
               store::StatusFromPqxx(e, "reading warnings").message());
    return;
  }
  const Date today = Date::Today();
  for (const review::OperationWarning& w : warnings) {
    Date& last = warned_on_[w.kind_name() + "/" + w.item];
    if (last == today) continue;
    last = today;
    log->warn("{}", w.message);
  }
}

}  // namespace xmatch::nightly
