// LandingLane: one PostgreSQL connection and one thread that land the Kafka connector's
// batches (RecordStore::Land), so that the connector goes on polling and parsing while a
// batch lands, and so that several lanes land at once: one server backend lands ~100,000
// records/s and was the connector's limit; two backends COPYing on two cores land 1.5-2x
// what one does (psql), and the whole connector gains ~1.2x (bench/connect_bench.cc).
//
// The connector gives each partition to one lane (kafka_connector.cc), and a lane lands
// one batch at a time, in the order started: a partition's batches commit in offset
// order, and each batch's compare-and-set of its offsets (record_store.h) sees the
// offsets the batch before it stored. Exactly once does not depend on lanes: two lanes
// never move the same partition's offsets.
//
// Start() borrows the batch and the advances until Wait() has returned. Start and Wait
// are called from one thread (the connector's); the landing runs in the lane's own.
#pragma once

#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/result.h"
#include "connectors/landing_batch.h"
#include "connectors/record_store.h"

namespace xmatch::connectors {

class LandingLane {
 public:
  // `dsn`: where records land; nothing is connected until the first batch.
  LandingLane(std::string dsn, std::string group);
  ~LandingLane();  // lets a landing under way finish, then joins the thread
  LandingLane(const LandingLane&) = delete;
  LandingLane& operator=(const LandingLane&) = delete;

  // Starts landing `batch` and moving `advances` in one transaction. Requires !busy().
  void Start(const LandingBatch& batch, const std::vector<OffsetAdvance>& advances);
  // True from Start() until Wait() has returned that landing's result.
  bool busy() const { return started_; }
  // Whether Wait() would return at once.
  bool done();
  // Waits for the landing started last; its result is as RecordStore::Land's.
  Result<LandReport> Wait();

 private:
  void Loop();

  RecordStore store_;  // used by the lane's thread only
  const std::string group_;
  bool started_ = false;  // the caller's side of busy()

  std::mutex mu_;
  std::condition_variable cv_;
  const LandingBatch* batch_ = nullptr;            // guarded by mu_; set: work to do
  const std::vector<OffsetAdvance>* advances_ = nullptr;
  std::optional<Result<LandReport>> result_;       // guarded by mu_; set: work done
  bool quit_ = false;                              // guarded by mu_
  std::thread thread_;
};

}  // namespace xmatch::connectors
