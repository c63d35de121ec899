#include "connectors/kafka_connector.h"

#include <algorithm>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

#include <librdkafka/rdkafka.h>

#include "common/logging.h"
#include "connectors/kafka_conf.h"
#include "connectors/landing_batch.h"
#include "connectors/landing_lane.h"
#include "connectors/record_parser.h"
#include "connectors/record_store.h"

namespace xmatch::connectors {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr milliseconds kFirstBackoff{100};
constexpr int kBrokerQueryTimeoutMs = 5000;
// With until_idle, how long to wait for the group to hand out partitions at all.
constexpr std::chrono::seconds kMaxWaitForGroup{60};

struct ListDeleter {
  void operator()(rd_kafka_topic_partition_list_t* list) const {
    rd_kafka_topic_partition_list_destroy(list);
  }
};
using PartitionList = std::unique_ptr<rd_kafka_topic_partition_list_t, ListDeleter>;

struct MessageDeleter {
  void operator()(rd_kafka_message_t* m) const { rd_kafka_message_destroy(m); }
};
using Message = std::unique_ptr<rd_kafka_message_t, MessageDeleter>;

// librdkafka's own log lines (syslog levels) go to the "kafka" logger.
void LogFromLibrdkafka(const rd_kafka_t*, int level, const char* facility, const char* text) {
  auto log = GetLogger("kafka");
  if (level <= 3) {
    log->error("{}: {}", facility, text);
  } else if (level == 4) {
    log->warn("{}: {}", facility, text);
  } else if (level <= 6) {
    log->info("{}: {}", facility, text);
  } else {
    log->debug("{}: {}", facility, text);
  }
}

}  // namespace

class KafkaConnector::Impl {
 public:
  Impl(ConnectorOptions options, const TokenKeyring& keyring, const AgreementRegistry& agreements)
      : options_(std::move(options)),
        parser_(keyring, agreements),
        store_(options_.pg_dsn),
        log_(GetLogger("connectors")),
        lanes_(std::max<size_t>(1, options_.landing_lanes)) {
    for (const auto& [source, topic] : options_.kafka.topics) source_of_topic_[topic] = source;
    for (Lane& lane : lanes_) {
      lane.worker = std::make_unique<LandingLane>(options_.pg_dsn, options_.kafka.group_id);
    }
  }

  Status Run(const std::atomic<bool>& stop);
  const std::map<std::string, TopicStats>& stats() const { return stats_; }

 private:
  struct PartitionState {
    std::optional<int64_t> stored;       // consumer_offsets.next_offset; nullopt: no row
    std::optional<int64_t> landing_next;  // after the landing batch's last message of it
    std::optional<int64_t> batch_next;   // after the open batch's last message of it
    size_t lane = 0;                     // the lane that lands this partition's messages
    // Where the next new message of the partition is.
    int64_t next() const { return batch_next.value_or(landing_next.value_or(stored.value_or(0))); }
  };
  // A lane's two batches: the open one, filling up, and the one landing (in the worker).
  struct Lane {
    std::unique_ptr<LandingLane> worker;
    LandingBatch open;
    std::map<std::string, TopicStats> open_stats;  // the open batch's counters, per topic
    Date received_on;                              // the open batch's day of receipt
    Clock::time_point deadline;                    // when the open batch lands at the latest
    LandingBatch landing;
    std::map<std::string, TopicStats> landing_stats;
    std::vector<OffsetAdvance> landing_advances;
  };
  // kLanded: every batch asked for landed (or, from Flush, started landing); kOffsetsMoved:
  // another writer moved a stored offset, the lane's batches are dropped and the caller
  // repositions; kGaveUp: not landed (stopping, or no retry), the lane's batches dropped.
  enum class FlushOutcome { kLanded, kOffsetsMoved, kGaveUp };

  static void RebalanceCallback(rd_kafka_t*, rd_kafka_resp_err_t err,
                                rd_kafka_topic_partition_list_t* partitions, void* opaque) {
    static_cast<Impl*>(opaque)->OnRebalance(err, partitions);
  }
  void OnRebalance(rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions);
  bool TryAssign();
  void OnMessage(const rd_kafka_message_t& m);
  void OnOffsetOutOfRange(const rd_kafka_message_t& m);
  FlushOutcome Flush(Lane& lane, bool retry);
  FlushOutcome Collect(Lane& lane, bool retry);
  FlushOutcome FlushAll(bool retry);
  bool AllEmpty() const;
  void CountCommitted(const LandReport& report, std::map<std::string, TopicStats>& batch_stats);
  void DropLane(Lane& lane);
  size_t IndexOf(const Lane& lane) const { return size_t(&lane - lanes_.data()); }
  void DropBatches();
  void Reposition();
  bool Backoff();
  void ComputeLag();
  void ReadOwnedLag();
  void Publish();
  const std::string& group() const { return options_.kafka.group_id; }

  ConnectorOptions options_;
  RecordParser parser_;
  RecordStore store_;
  std::shared_ptr<spdlog::logger> log_;
  std::map<std::string, std::string> source_of_topic_;
  rd_kafka_t* rk_ = nullptr;
  const std::atomic<bool>* stop_ = nullptr;

  std::map<TopicPartition, PartitionState> owned_;  // the applied assignment
  PartitionList pending_;  // an assignment waiting for the stored offsets
  Clock::time_point next_assign_try_;

  std::vector<Lane> lanes_;
  Clock::time_point last_activity_;  // last message or assignment: for until_idle
  bool assigned_once_ = false;       // until_idle counts only once the group has formed
  milliseconds backoff_ = kFirstBackoff;
  Clock::time_point next_lag_reading_;

  std::map<std::string, TopicStats> stats_;
};

Status KafkaConnector::Impl::Run(const std::atomic<bool>& stop) {
  stop_ = &stop;
  if (options_.kafka.topics.empty()) {
    return Status::InvalidArgument("kafka.topics is empty: nothing to consume");
  }
  // So that `xmatch offsets set` sees this connector running (connectors/group_lock.h).
  // When PostgreSQL is away, the lock comes with the first connection, before any offset
  // is read.
  if (Status s = store_.HoldGroupLock(group()); !s.ok()) {
    log_->warn("connect: PostgreSQL not reachable yet ({}); retrying", s.message());
  }
  XM_ASSIGN_OR_RETURN(rd_kafka_conf_t * conf,
                      MakeKafkaConf(options_.kafka,
                                    {{"group.id", options_.kafka.group_id},
                                     {"enable.auto.commit", "false"},
                                     {"enable.auto.offset.store", "false"},
                                     {"auto.offset.reset", "error"},
                                     {"enable.partition.eof", "false"},
                                     {"partition.assignment.strategy", "range,roundrobin"}}));
  rd_kafka_conf_set_rebalance_cb(conf, &Impl::RebalanceCallback);
  rd_kafka_conf_set_log_cb(conf, &LogFromLibrdkafka);
  rd_kafka_conf_set_opaque(conf, this);
  char error[512];
  rk_ = rd_kafka_new(RD_KAFKA_CONSUMER, conf, error, sizeof error);
  if (rk_ == nullptr) {
    rd_kafka_conf_destroy(conf);
    return Status::InvalidArgument(std::string("cannot create the Kafka consumer: ") + error);
  }
  rd_kafka_poll_set_consumer(rk_);
  PartitionList topics(rd_kafka_topic_partition_list_new(int(options_.kafka.topics.size())));
  for (const auto& [source, topic] : options_.kafka.topics) {
    rd_kafka_topic_partition_list_add(topics.get(), topic.c_str(), RD_KAFKA_PARTITION_UA);
  }
  if (rd_kafka_resp_err_t err = rd_kafka_subscribe(rk_, topics.get()); err) {
    rd_kafka_destroy(rk_);
    return Status::InvalidArgument(std::string("cannot subscribe: ") + rd_kafka_err2str(err));
  }
  log_->info("connect: group {} consuming {} topic(s) into PostgreSQL", group(),
             options_.kafka.topics.size());

  last_activity_ = Clock::now();
  Status status;
  while (!stop.load()) {
    const Clock::time_point now = Clock::now();
    if (pending_ != nullptr && now >= next_assign_try_ && !TryAssign()) {
      next_assign_try_ = now + backoff_;
      backoff_ = std::min(backoff_ * 2, options_.max_retry_backoff);
    }
    int timeout_ms = 100;
    for (const Lane& lane : lanes_) {
      // A batch landing: back soon to count it (the counters follow the commit closely).
      if (lane.worker->busy()) timeout_ms = std::min(timeout_ms, 5);
      if (lane.open.empty()) continue;
      timeout_ms = std::min(
          timeout_ms, int(std::max<int64_t>(0, std::chrono::duration_cast<milliseconds>(
                                                    lane.deadline - now)
                                                    .count())));
    }
    if (Message m{rd_kafka_consumer_poll(rk_, timeout_ms)}) {
      if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        OnMessage(*m);
        last_activity_ = Clock::now();
      } else if (m->err == RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET) {
        OnOffsetOutOfRange(*m);
      } else {
        log_->warn("kafka: {}", rd_kafka_message_errstr(m.get()));
      }
    }
    for (Lane& lane : lanes_) {
      FlushOutcome outcome = FlushOutcome::kLanded;
      if (!lane.open.empty() && (lane.open.size() >= options_.max_batch_messages ||
                                 Clock::now() >= lane.deadline)) {
        outcome = Flush(lane, /*retry=*/true);
      } else if (lane.worker->busy() && lane.worker->done()) {
        outcome = Collect(lane, /*retry=*/true);
      }
      if (outcome == FlushOutcome::kOffsetsMoved) Reposition();
    }
    if (options_.live_stats != nullptr && Clock::now() >= next_lag_reading_) {
      ReadOwnedLag();
      next_lag_reading_ = Clock::now() + options_.lag_interval;
    }
    if (options_.until_idle && assigned_once_ && AllEmpty() && pending_ == nullptr &&
        Clock::now() - last_activity_ >= *options_.until_idle) {
      log_->info("connect: no new message for {} ms, stopping", options_.until_idle->count());
      break;
    }
    if (options_.until_idle && !assigned_once_ &&
        Clock::now() - last_activity_ >= kMaxWaitForGroup) {
      status = Status::Unavailable(
          "joined no consumer group within 60 s: check that XMATCH_KAFKA_BROKERS (" +
          options_.kafka.brokers + ") is reachable and the topics exist");
      break;
    }
  }
  FlushAll(/*retry=*/!stop.load());
  rd_kafka_consumer_close(rk_);  // revokes (the batch is empty) and leaves the group
  ComputeLag();  // after closing: no fetch requests hold up the broker's answers
  Publish();
  rd_kafka_destroy(rk_);
  rk_ = nullptr;
  return status;
}

void KafkaConnector::Impl::OnRebalance(rd_kafka_resp_err_t err,
                                       rd_kafka_topic_partition_list_t* partitions) {
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    last_activity_ = Clock::now();  // idle time counts from the (re)assignment
    assigned_once_ = true;
    pending_.reset(rd_kafka_topic_partition_list_copy(partitions));
    backoff_ = kFirstBackoff;
    if (!TryAssign()) next_assign_try_ = Clock::now() + backoff_;
    return;
  }
  if (err == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS) {
    // Still ours unless the assignment was lost: one attempt at landing what we hold; the
    // next owner reads from the stored offsets whatever happens here. When lost, only
    // what is landing finishes (DropBatches waits for it; its compare-and-set decides).
    if (!rd_kafka_assignment_lost(rk_)) FlushAll(/*retry=*/false);
  } else {
    log_->error("connect: rebalance failed: {}", rd_kafka_err2str(err));
  }
  DropBatches();
  owned_.clear();
  pending_.reset();
  rd_kafka_assign(rk_, nullptr);
}

// Applies the pending assignment from the stored offsets. False when PostgreSQL cannot
// tell them now: the assignment stays pending and is tried again.
bool KafkaConnector::Impl::TryAssign() {
  Result<std::map<TopicPartition, int64_t>> stored = store_.LoadOffsets(group());
  if (!stored.ok()) {
    log_->warn("connect: cannot read the stored offsets ({}); partitions wait for them",
               stored.status().message());
    return false;
  }
  owned_.clear();
  for (int i = 0; i < pending_->cnt; ++i) {
    rd_kafka_topic_partition_t& p = pending_->elems[i];
    TopicPartition tp{p.topic, p.partition};
    auto found = stored->find(tp);
    PartitionState state;
    if (found != stored->end()) state.stored = found->second;
    p.offset = state.stored.value_or(RD_KAFKA_OFFSET_BEGINNING);
    owned_[tp] = state;
  }
  size_t next_lane = 0;  // round robin over the partitions in order: lanes evenly loaded
  for (auto& [tp, state] : owned_) state.lane = next_lane++ % lanes_.size();
  if (rd_kafka_resp_err_t err = rd_kafka_assign(rk_, pending_.get()); err) {
    log_->error("connect: cannot apply the assignment: {}", rd_kafka_err2str(err));
  }
  log_->info("connect: assigned {} partition(s)", pending_->cnt);
  pending_.reset();
  backoff_ = kFirstBackoff;
  return true;
}

void KafkaConnector::Impl::OnMessage(const rd_kafka_message_t& m) {
  const std::string topic = rd_kafka_topic_name(m.rkt);
  auto owned = owned_.find({topic, m.partition});
  if (owned == owned_.end()) return;  // revoked meanwhile
  PartitionState& state = owned->second;
  if (m.offset < state.next()) return;  // seen
  Lane& lane = lanes_[state.lane];
  if (lane.open.empty()) {
    lane.deadline = Clock::now() + options_.max_batch_wait;
    lane.received_on = Date::Today();
  }
  const std::string_view text(static_cast<const char*>(m.payload), m.payload ? m.len : 0);
  ParseOutcome outcome =
      parser_.Parse(text, MessageContext{source_of_topic_[topic], lane.received_on});
  TopicStats& stats = lane.open_stats[topic];
  ++stats.received;
  if (const Reject* reject = std::get_if<Reject>(&outcome)) {
    ++stats.rejected[std::string(RejectReasonCode(reject->reason))];
  } else if (int64_t ts = rd_kafka_message_timestamp(&m, nullptr); ts >= 0) {
    stats.newest_event_ms = std::max(stats.newest_event_ms.value_or(ts), ts);
  }
  lane.open.Add(std::move(outcome), Origin::Kafka(topic, m.partition, m.offset));
  state.batch_next = m.offset + 1;
}

// Waits for what `lane` has landing and starts landing its open batch.
KafkaConnector::Impl::FlushOutcome KafkaConnector::Impl::Flush(Lane& lane, bool retry) {
  if (FlushOutcome outcome = Collect(lane, retry); outcome != FlushOutcome::kLanded) {
    return outcome;
  }
  if (lane.open.empty()) return FlushOutcome::kLanded;
  lane.landing_advances.clear();
  for (auto& [tp, state] : owned_) {
    if (state.lane != IndexOf(lane) || !state.batch_next) continue;
    lane.landing_advances.push_back({tp, state.stored, *state.batch_next});
    state.landing_next = std::exchange(state.batch_next, std::nullopt);
  }
  std::swap(lane.landing, lane.open);
  std::swap(lane.landing_stats, lane.open_stats);
  lane.open.Clear();
  lane.open_stats.clear();
  lane.worker->Start(lane.landing, lane.landing_advances);
  return FlushOutcome::kLanded;
}

// Waits for the batch `lane` has landing, if any; retries it (when `retry`) until it
// lands or the connector stops.
KafkaConnector::Impl::FlushOutcome KafkaConnector::Impl::Collect(Lane& lane, bool retry) {
  if (!lane.worker->busy()) return FlushOutcome::kLanded;
  for (;;) {
    Result<LandReport> report = lane.worker->Wait();
    if (report.ok()) {
      for (const OffsetAdvance& advance : lane.landing_advances) {
        auto owned = owned_.find(advance.tp);
        if (owned == owned_.end()) continue;
        owned->second.stored = advance.next;
        owned->second.landing_next.reset();
      }
      CountCommitted(*report, lane.landing_stats);
      lane.landing.Clear();
      lane.landing_stats.clear();
      backoff_ = kFirstBackoff;
      // Retries may have outlasted until_idle while messages waited in librdkafka's queue.
      last_activity_ = Clock::now();
      return FlushOutcome::kLanded;
    }
    if (report.status().code() == Status::Code::kFailedPrecondition) {
      log_->warn("connect: {}; reading the stored offsets again", report.status().message());
      DropLane(lane);
      return FlushOutcome::kOffsetsMoved;
    }
    log_->error("connect: a batch of {} message(s) did not land, {}: {}", lane.landing.size(),
                retry ? "retrying" : "leaving it to the next owner", report.status().message());
    if (!retry || !Backoff()) {
      DropLane(lane);
      return FlushOutcome::kGaveUp;
    }
    lane.worker->Start(lane.landing, lane.landing_advances);
  }
}

// Lands every lane's batches; the first outcome that is not kLanded, if any.
KafkaConnector::Impl::FlushOutcome KafkaConnector::Impl::FlushAll(bool retry) {
  FlushOutcome result = FlushOutcome::kLanded;
  for (Lane& lane : lanes_) {
    if (FlushOutcome o = Flush(lane, retry); result == FlushOutcome::kLanded) result = o;
  }
  for (Lane& lane : lanes_) {
    if (FlushOutcome o = Collect(lane, retry); result == FlushOutcome::kLanded) result = o;
  }
  return result;
}

bool KafkaConnector::Impl::AllEmpty() const {
  for (const Lane& lane : lanes_) {
    if (!lane.open.empty() || lane.worker->busy()) return false;
  }
  return true;
}

void KafkaConnector::Impl::CountCommitted(const LandReport& report,
                                          std::map<std::string, TopicStats>& batch_stats) {
  for (auto& [topic, stats] : batch_stats) {
    auto landed = report.by_source.find(source_of_topic_[topic]);
    if (landed != report.by_source.end()) {
      stats.landed = landed->second.landed;
      stats.dropped_fields = landed->second.dropped_fields;
    }
    stats.duplicates = stats.received - stats.rejected_total() - stats.landed;
    if (stats.landed == 0) stats.newest_event_ms.reset();
    stats_[topic].Merge(stats);
  }
  Publish();
}

// Forgets both batches of `lane` (nothing of them is landing any more): their messages
// are fetched again from the stored offsets.
void KafkaConnector::Impl::DropLane(Lane& lane) {
  lane.open.Clear();
  lane.open_stats.clear();
  lane.landing.Clear();
  lane.landing_stats.clear();
  for (auto& [tp, state] : owned_) {
    if (state.lane != IndexOf(lane)) continue;
    state.batch_next.reset();
    state.landing_next.reset();
  }
}

// Waits for every lane and forgets all batches.
void KafkaConnector::Impl::DropBatches() {
  for (Lane& lane : lanes_) {
    Collect(lane, /*retry=*/false);
    DropLane(lane);
  }
}

// Starts every owned partition again from its stored offset: after another writer moved
// an offset, or after a gap. What was fetched beyond is fetched again.
void KafkaConnector::Impl::Reposition() {
  DropBatches();
  if (owned_.empty()) return;
  for (;;) {
    Result<std::map<TopicPartition, int64_t>> stored = store_.LoadOffsets(group());
    if (stored.ok()) {
      PartitionList list(rd_kafka_topic_partition_list_new(int(owned_.size())));
      for (auto& [tp, state] : owned_) {
        auto found = stored->find(tp);
        state.stored = found == stored->end() ? std::nullopt : std::optional(found->second);
        rd_kafka_topic_partition_list_add(list.get(), tp.topic.c_str(), tp.partition)->offset =
            state.stored.value_or(RD_KAFKA_OFFSET_BEGINNING);
      }
      if (rd_kafka_resp_err_t err = rd_kafka_assign(rk_, list.get()); err) {
        log_->error("connect: cannot restart from the stored offsets: {}", rd_kafka_err2str(err));
      }
      return;
    }
    log_->warn("connect: cannot read the stored offsets: {}", stored.status().message());
    if (!Backoff()) return;
  }
}

void KafkaConnector::Impl::OnOffsetOutOfRange(const rd_kafka_message_t& m) {
  const TopicPartition tp{rd_kafka_topic_name(m.rkt), m.partition};
  if (owned_.count(tp) == 0) return;
  // The batches may hold this partition's messages up to the gap: land them first.
  if (FlushAll(/*retry=*/true) != FlushOutcome::kLanded) return Reposition();
  const std::optional<int64_t> expected = owned_[tp].stored;
  int64_t low = 0, high = 0;
  rd_kafka_resp_err_t err = rd_kafka_query_watermark_offsets(
      rk_, tp.topic.c_str(), tp.partition, &low, &high, kBrokerQueryTimeoutMs);
  if (err || !expected) {
    // No stored offset: we began at the log start, which has moved since; no record was
    // expected there. Or the broker cannot say: try again from the stored offset.
    if (err) log_->warn("connect: {} [{}]: {}", tp.topic, tp.partition, rd_kafka_err2str(err));
    if (err && !Backoff()) return;
    return Reposition();
  }
  if (*expected >= low && *expected <= high) {
    // The stored offset is on the broker: the error was about a position left behind (a
    // fetch from before the last gap or seek). Nothing is missing.
    return Reposition();
  }
  const OffsetAdvance advance{tp, expected, low};
  for (;;) {
    Status s = store_.RecordGap(group(), advance);
    if (s.ok()) break;
    if (s.code() == Status::Code::kFailedPrecondition || !Backoff()) return Reposition();
    log_->warn("connect: recording an offset gap: {}", s.message());
  }
  TopicStats& stats = stats_[tp.topic];
  ++stats.gaps;
  stats.gap_offsets += std::max<int64_t>(0, low - *expected);
  Publish();
  if (*expected > high) {
    log_->error("connect: {} [{}]: stored offset {} is beyond the end of the log ({}): the "
                "topic was recreated or truncated; recorded in offset_gaps, reading it again "
                "from offset {}",
                tp.topic, tp.partition, *expected, high, low);
  } else {
    log_->error("connect: {} [{}]: offsets {} to {} are no longer on the broker (retention) "
                "and were never landed; recorded in offset_gaps, continuing from offset {}",
                tp.topic, tp.partition, *expected, low - 1, low);
  }
  Reposition();
}

// Sleeps the current backoff, then doubles it. False (at once) when stopping.
bool KafkaConnector::Impl::Backoff() {
  const Clock::time_point until = Clock::now() + backoff_;
  while (Clock::now() < until) {
    if (stop_->load()) return false;
    std::this_thread::sleep_for(milliseconds(20));
  }
  backoff_ = std::min(backoff_ * 2, options_.max_retry_backoff);
  return !stop_->load();
}

// Lag per topic: the partitions' end offsets minus the group's stored offsets (the log
// start where none is stored). Left unknown when the broker or PostgreSQL cannot say.
void KafkaConnector::Impl::ComputeLag() {
  Result<std::map<TopicPartition, int64_t>> stored = store_.LoadOffsets(group());
  const rd_kafka_metadata_t* metadata = nullptr;
  if (!stored.ok() ||
      rd_kafka_metadata(rk_, /*all_topics=*/1, nullptr, &metadata, kBrokerQueryTimeoutMs) != 0) {
    return;
  }
  for (int t = 0; t < metadata->topic_cnt; ++t) {
    const rd_kafka_metadata_topic_t& topic = metadata->topics[t];
    if (topic.err != 0 || source_of_topic_.count(topic.topic) == 0) continue;
    int64_t lag = 0;
    bool known = true;
    for (int p = 0; p < topic.partition_cnt && known; ++p) {
      int64_t low = 0, high = 0;
      known = rd_kafka_query_watermark_offsets(rk_, topic.topic, p, &low, &high,
                                               kBrokerQueryTimeoutMs) == 0;
      auto found = stored->find({topic.topic, p});
      lag += std::max<int64_t>(0, high - (found == stored->end() ? low : found->second));
    }
    if (known) stats_[topic.topic].lag = lag;
  }
  rd_kafka_metadata_destroy(metadata);
}

// Lag per topic over the partitions this member owns: the end offsets of librdkafka's
// latest fetch responses minus the stored offsets. A topic with no owned partition, or
// whose end offsets are not known yet, has no lag reading.
void KafkaConnector::Impl::ReadOwnedLag() {
  std::map<std::string, std::optional<int64_t>> lag;
  for (const auto& [tp, state] : owned_) {
    std::optional<int64_t>& topic_lag = lag.try_emplace(tp.topic, 0).first->second;
    int64_t low = 0, high = 0;
    if (!topic_lag ||
        rd_kafka_get_watermark_offsets(rk_, tp.topic.c_str(), tp.partition, &low, &high) != 0 ||
        high < 0) {
      topic_lag.reset();
      continue;
    }
    *topic_lag += std::max<int64_t>(0, high - state.stored.value_or(std::max<int64_t>(low, 0)));
  }
  for (const auto& [topic, source] : source_of_topic_) {
    auto found = lag.find(topic);
    stats_[topic].lag = found == lag.end() ? std::nullopt : found->second;
  }
  Publish();
}

void KafkaConnector::Impl::Publish() {
  if (options_.live_stats != nullptr) options_.live_stats->Publish(stats_);
}

KafkaConnector::KafkaConnector(ConnectorOptions options, const TokenKeyring& keyring,
                               const AgreementRegistry& agreements)
    : impl_(std::make_unique<Impl>(std::move(options), keyring, agreements)) {}
KafkaConnector::~KafkaConnector() = default;

Status KafkaConnector::Run(const std::atomic<bool>& stop) { return impl_->Run(stop); }
const std::map<std::string, TopicStats>& KafkaConnector::stats() const { return impl_->stats(); }

}  // namespace xmatch::connectors
