// RunSummary: what one `xmatch match` run did and what the clue ledger holds after it,
// for the match_runs row (counts, timings, data_as_of as JSON) and for the summary a
// bureau head reads on stdout.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <utility>
#include <vector>

#include <pqxx/pqxx>

#include "common/date.h"
#include "common/money.h"
#include "common/result.h"
#include "matcher/run/clue_writer.h"

namespace xmatch::matcher {

// One line of the ledger: clues that still hold evidence, for one rule or township.
struct LedgerLine {
  std::string key;             // rule code or 9-digit township code; "" for the total
  std::string name;            // a township's name from the regions table; "" if unknown
  uint64_t clues = 0;
  uint64_t new_this_run = 0;   // first raised by this run
  Money overpaid;
};

struct RunSummary {
  int64_t run_id = 0;
  Date run_date;
  bool full = true;
  std::string why_full;  // "" for an incremental run

  // What was read. people: re-examined people (incremental runs only).
  uint64_t people = 0;
  uint64_t roll_rows = 0;
  uint64_t records_read = 0;
  uint64_t records_matched = 0;  // records of people on the roll
  uint64_t payments = 0;

  RuleOutcomes rules{};  // what this run raised and changed, by rule

  // The ledger after the run.
  std::vector<LedgerLine> by_rule;
  std::vector<LedgerLine> by_township;
  LedgerLine total;

  // Newest department record received per source ("" when none), e.g.
  // {"justice", "2026-02-28 23:10:05+08"}.
  std::vector<std::pair<std::string, std::string>> data_as_of;
  // Milliseconds per phase, in order: scope, roll, records, payments, match, write, total.
  std::vector<std::pair<std::string, int64_t>> timings_ms;
};

// Reads the newest received_at of each source into summary->data_as_of.
Status ReadDataAsOf(pqxx::transaction_base& tx, RunSummary* summary);
// Reads the ledger lines (by rule, by township, total) after run summary->run_id.
Status ReadLedger(pqxx::transaction_base& tx, RunSummary* summary);

// JSON object texts for match_runs.counts, .timings and .data_as_of.
std::string CountsJson(const RunSummary& summary);
std::string TimingsJson(const RunSummary& summary);
std::string DataAsOfJson(const RunSummary& summary);

// The human summary (Chinese clue-type names beside the rule codes).
void PrintSummary(const RunSummary& summary, std::ostream& out);

}  // namespace xmatch::matcher
