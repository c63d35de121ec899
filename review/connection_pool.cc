#include "review/connection_pool.h"

#include "store/connection.h"

namespace xmatch::review {

Status ApplyReviewSessionSettings(pqxx::connection& conn) {
  try {
    conn.set_variable("plan_cache_mode", "force_generic_plan");
  } catch (const std::exception& e) {
    return store::StatusFromPqxx(e, "setting up a review connection");
  }
  return Status::Ok();
}

ConnectionPool::Lease::~Lease() {
  if (conn_) pool_->Return(std::move(conn_));
}

Result<ConnectionPool::Lease> ConnectionPool::Acquire(std::chrono::milliseconds wait) {
  {
    std::unique_lock lock(mutex_);
    if (!returned_.wait_for(lock, wait, [this] { return !idle_.empty() || open_ < size_; })) {
      return Status::Unavailable("all " + std::to_string(size_) +
                                 " database connections are busy; try again shortly");
    }
    if (!idle_.empty()) {
      std::unique_ptr<pqxx::connection> conn = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(conn));
    }
    ++open_;  // reserve the slot; connect outside the lock
  }
  Result<std::unique_ptr<pqxx::connection>> conn = store::Connect(dsn_);
  if (conn.ok()) {
    if (Status applied = ApplyReviewSessionSettings(**conn); !applied.ok()) conn = applied;
  }
  if (!conn.ok()) {
    std::lock_guard lock(mutex_);
    --open_;
    returned_.notify_one();
    return conn.status();
  }
  return Lease(this, std::move(*conn));
}

void ConnectionPool::Return(std::unique_ptr<pqxx::connection> conn) {
  std::lock_guard lock(mutex_);
  if (conn->is_open()) {
    idle_.push_back(std::move(conn));
  } else {
    --open_;
  }
  returned_.notify_one();
}

}  // namespace xmatch::review
