#include "connectors/landing_lane.h"

#include <utility>

namespace xmatch::connectors {

LandingLane::LandingLane(std::string dsn, std::string group)
    : store_(std::move(dsn)), group_(std::move(group)), thread_([this] { Loop(); }) {}

LandingLane::~LandingLane() {
  {
    std::lock_guard lock(mu_);
    quit_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void LandingLane::Start(const LandingBatch& batch, const std::vector<OffsetAdvance>& advances) {
  {
    std::lock_guard lock(mu_);
    batch_ = &batch;
    advances_ = &advances;
    result_.reset();
  }
  started_ = true;
  cv_.notify_all();
}

bool LandingLane::done() {
  std::lock_guard lock(mu_);
  return result_.has_value();
}

Result<LandReport> LandingLane::Wait() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [this] { return result_.has_value(); });
  started_ = false;
  return *std::exchange(result_, std::nullopt);
}

void LandingLane::Loop() {
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [this] { return quit_ || batch_ != nullptr; });
    if (batch_ == nullptr) return;  // quitting with nothing to land
    const LandingBatch* batch = std::exchange(batch_, nullptr);
    const std::vector<OffsetAdvance>* advances = advances_;
    lock.unlock();
    Result<LandReport> result = store_.Land(*batch, group_, *advances);
    lock.lock();
    result_.emplace(std::move(result));
    cv_.notify_all();
  }
}

}  // namespace xmatch::connectors
