// RunDemoPipeline: everything `xmatch demo` does between starting PostgreSQL and serving
// the review pages, on a migrated database:
//
//   generate the county ─> roll.csv, payments.csv, <source>.jsonl   (kept: reused next time)
//   import roll + payments (rolls/)                                  (skipped when loaded)
//   the county's division names into regions (rolls::UpsertRegions)
//   start `xmatch dev-kafka` ─> produce the feeds ─> KafkaConnector until idle
//   nightly match (matcher::RunMatch) on the county's run date
//
// Running it again reuses the files and the imported roll; the feeds are produced again
// to the new (empty) broker and land as duplicates of what is stored, and the match is
// incremental: nothing new is raised. Each step prints one line on `out`; long steps
// show progress on stderr. Borrows the keyring and agreements.
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <ostream>
#include <string>

#include "common/agreements.h"
#include "common/config.h"
#include "common/token.h"
#include "connectors/connector_stats.h"
#include "demo/xmatch_child.h"
#include "demo/county_generator.h"
#include "matcher/run/run_summary.h"
#include "rolls/import.h"

namespace xmatch::demo {

struct PipelineOptions {
  County county;
  CountyOptions generator;      // seed, households, months, run date (for a new county)
  std::string data_dir;         // the county's files
  std::string dsn;              // a migrated database
  std::string xmatch_binary;    // runs `xmatch dev-kafka` as a child process
  int broker_partitions = 4;    // per department topic
  std::string broker_log;       // the broker's stderr; empty: /dev/null
  KafkaConfig kafka;            // topics and group; brokers come from the child
  MatchConfig match;
  std::chrono::milliseconds until_idle{2000};  // the connector stops after this quiet time
  std::ostream* out = &std::cout;
  // Checked between steps and by the connector; set by Ctrl-C.
  const std::atomic<bool>* stop = nullptr;
};

struct PipelineResult {
  // Still running when returned: the caller stops it (or keeps it for `serve`).
  std::unique_ptr<XmatchChild> broker;  // first_line(): its bootstrap address
  Date run_date;
  bool generated = false;  // false: the files of an earlier run were reused
  bool imported = false;   // false: the roll was already in the database
  rolls::ImportReport roll, payments;
  rolls::ImportReport regions;  // the county's division names (every run)
  std::map<std::string, int64_t> produced;                   // per topic
  std::map<std::string, connectors::TopicStats> connector;   // per topic
  matcher::RunSummary match;
};

// FailedPrecondition "stopped" when `stop` was set; otherwise the failing step's error
// with the step named.
Result<PipelineResult> RunDemoPipeline(const PipelineOptions& options, const TokenKeyring& keyring,
                                       const AgreementRegistry& agreements);

}  // namespace xmatch::demo
