// ConnectionPool: a fixed number of PostgreSQL connections shared by the review server's
// worker threads. Connections are opened on first need (store::Connect), handed out one
// per request through a Lease and returned when the Lease goes; a connection found broken
// on return is dropped and reopened later. Thread-safe; must outlive its leases.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "common/result.h"

namespace xmatch::review {

// The session settings every review connection runs with; the pool applies them to each
// connection it opens. plan_cache_mode = force_generic_plan: a prepared statement is
// planned once per connection, not again at every execution. The review queries are
// shaped for it: every bound value is a region code, a status, a rule, an amount or a
// date whose plan does not depend on the value, and LIMITs that steer the plan are
// written into the statement (clue_queue.cc). On the load benchmark the first page of
// the queue costs 0.03 ms to bind instead of 0.27 ms of planning at every request.
Status ApplyReviewSessionSettings(pqxx::connection& conn);

class ConnectionPool {
 public:
  ConnectionPool(std::string dsn, size_t size) : dsn_(std::move(dsn)), size_(size) {}
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // One connection, exclusively, until the Lease is destroyed.
  class Lease {
   public:
    Lease(Lease&& other) noexcept : pool_(other.pool_), conn_(std::move(other.conn_)) {}
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    pqxx::connection& operator*() const { return *conn_; }
    pqxx::connection* operator->() const { return conn_.get(); }

   private:
    friend class ConnectionPool;
    Lease(ConnectionPool* pool, std::unique_ptr<pqxx::connection> conn)
        : pool_(pool), conn_(std::move(conn)) {}
    ConnectionPool* pool_;
    std::unique_ptr<pqxx::connection> conn_;
  };

  // Waits up to `wait` for a free connection; Unavailable when none frees up in time or
  // the server cannot be reached.
  Result<Lease> Acquire(std::chrono::milliseconds wait = std::chrono::seconds(5));

 private:
  void Return(std::unique_ptr<pqxx::connection> conn);

  const std::string dsn_;
  const size_t size_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;  // GUARDED_BY(mutex_)
  size_t open_ = 0;  // connections in idle_ or leased; GUARDED_BY(mutex_)
};

}  // namespace xmatch::review
